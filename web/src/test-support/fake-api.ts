import type {
  Bundle,
  Grant,
  Hold,
  PendingBatch,
  Plan,
  PurchaseStatusResponse,
  Subscription,
  Transaction,
} from '../api/api-types';

/**
 * A small in-memory DasWos Coins API for component tests: the same paths, shapes and error
 * codes as the real one, and a record of every request so tests can count what was sent.
 */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: unknown;
}

export const BUNDLES: Bundle[] = [
  { id: 'coins-100', coins: 100, priceCents: 99, currency: 'usd' },
  { id: 'coins-1000', coins: 1000, priceCents: 849, currency: 'usd' },
];

export const PLANS: Plan[] = [
  { id: 'plan-basic', name: 'Basic', coinsPerMonth: 1000, priceCents: 799, currency: 'usd' },
  { id: 'plan-plus', name: 'Plus', coinsPerMonth: 3000, priceCents: 1999, currency: 'usd' },
];

export function fakeToken(sub: string, groups: string[] = []): string {
  const encode = (value: object) =>
    btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  const claims = { sub, username: sub, exp: Math.floor(Date.now() / 1000) + 3600 };
  return `${encode({ alg: 'none' })}.${encode(groups.length ? { ...claims, 'cognito:groups': groups } : claims)}.sig`;
}

function subjectOf(authorization: string | undefined): string | undefined {
  const payload = authorization?.replace(/^Bearer /, '').split('.')[1];
  if (!payload) return undefined;
  return (JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { sub: string }).sub;
}

/** The fake's referral codes: made from the user id (the real ones are random). */
export function referralCodeOf(userId: string): string {
  return `${userId.toUpperCase().replace(/[^A-Z0-9]/g, '')}REF1`.slice(0, 16);
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

const fail = (status: number, code: string, message = code) =>
  json(status, { error: { code, message } });

export class FakeApi {
  readonly requests: RecordedRequest[] = [];
  readonly balances = new Map<string, number>();
  readonly transactions: Transaction[] = [];
  /** Purchases by session id, with their buyer: `POST /purchase` opens them pending. */
  readonly purchases = new Map<string, { buyer: string; status: PurchaseStatusResponse }>();
  /** Holds DasWos services placed, as GET /holds lists them (newest first). */
  readonly holds: Hold[] = [];
  /** Who used whose referral code: claimer -> code. */
  readonly referralClaims = new Map<string, string>();
  /** Subscriptions by user, as GET /subscription answers them. */
  readonly subscriptions = new Map<string, Subscription>();
  /** Giveaway grants waiting for a second admin. */
  readonly grants: Grant[] = [];
  /** Batch giveaways waiting for a second admin, with their grants. */
  readonly batches: PendingBatch[] = [];
  readonly frozen = new Set<string>();
  totalAmount = 1_000_000_000;
  /** Answers held back until released, to test clicks while a request is in flight. */
  private gate: Promise<void> | undefined;
  private openGate: (() => void) | undefined;
  private sequence = 0;

  constructor(balances: Record<string, number> = {}) {
    for (const [user, balance] of Object.entries(balances)) this.balances.set(user, balance);
  }

  hold(): void {
    this.gate = new Promise((resolve) => {
      this.openGate = resolve;
    });
  }

  release(): void {
    this.openGate?.();
    this.gate = undefined;
  }

  record(transaction: Omit<Transaction, 'transactionId' | 'timestamp'>): Transaction {
    this.sequence += 1;
    const entry: Transaction = {
      ...transaction,
      transactionId: `tx-${this.sequence}`,
      timestamp: new Date(Date.UTC(2026, 0, 1, 12, this.sequence)).toISOString(),
    };
    this.transactions.unshift(entry);
    this.balances.set(entry.toUserId, (this.balances.get(entry.toUserId) ?? 0) + entry.amount);
    if (entry.fromUserId !== '0')
      this.balances.set(
        entry.fromUserId,
        (this.balances.get(entry.fromUserId) ?? 0) - entry.amount,
      );
    return entry;
  }

  /** Sets where a purchase stands (credited also records the purchase and credits the buyer). */
  settlePurchase(
    sessionId: string,
    buyer: string,
    status: Omit<PurchaseStatusResponse, 'sessionId'>,
  ): void {
    let settled: PurchaseStatusResponse = { sessionId, ...status };
    if (status.status === 'credited') {
      const transaction = this.record({
        fromUserId: '0',
        toUserId: buyer,
        amount: status.coins,
        transactionType: 'purchase',
        referenceId: sessionId,
      });
      settled = { ...settled, transactionId: transaction.transactionId };
    }
    this.purchases.set(sessionId, { buyer, status: settled });
  }

  requestsTo(path: string): RecordedRequest[] {
    return this.requests.filter((r) => r.path.startsWith(path));
  }

  readonly fetch: typeof fetch = async (input, init = {}) => {
    const url = new URL(String(input), 'http://localhost');
    const headers = Object.fromEntries(
      Object.entries((init.headers ?? {}) as Record<string, string>),
    );
    const body = init.body ? JSON.parse(String(init.body)) : undefined;
    const path = url.pathname.replace('/api/daswos-coins', '');
    this.requests.push({ method: init.method ?? 'GET', path: path + url.search, headers, body });
    if (this.gate) await this.gate;
    return this.answer(init.method ?? 'GET', path, url.searchParams, headers, body);
  };

  /** A batch decided as POST /grants/{batchId}/approve|reject: every grant given on approval. */
  private decideBatch(batchId: string, approve: boolean, me: string): Response {
    const index = this.batches.findIndex((b) => b.batchId === batchId);
    const batch = this.batches[index];
    if (!batch) return fail(404, 'GRANT_NOT_FOUND');
    if (approve && batch.requestedBy === me) return fail(403, 'SELF_APPROVAL_FORBIDDEN');
    this.batches.splice(index, 1);
    const { grants, ...view } = batch;
    if (!approve) return json(200, { batch: { ...view, status: 'rejected' } });
    const results = grants.map((grant) => ({
      userId: grant.userId,
      status: 'credited',
      transaction: this.record({
        fromUserId: '0',
        toUserId: grant.userId,
        amount: grant.amount,
        transactionType: 'giveaway',
      }),
    }));
    return json(200, { batch: { ...view, status: 'approved' }, results });
  }

  /** The admin routes: grants to approve, the user look-up and freezes. */
  private adminAnswer(method: string, path: string, me: string): Response | undefined {
    if (path === '/grants') return json(200, { grants: this.grants, nextCursor: null });
    if (path === '/grants/batches') return json(200, { batches: this.batches, nextCursor: null });
    const decision = /^\/grants\/([^/]+)\/(approve|reject)$/.exec(path);
    if (method === 'POST' && decision?.[1]?.startsWith('batch_')) {
      return this.decideBatch(decision[1], decision[2] === 'approve', me);
    }
    if (method === 'POST' && decision) {
      const index = this.grants.findIndex((g) => g.grantId === decision[1]);
      const grant = this.grants[index];
      if (!grant) return fail(404, 'GRANT_NOT_FOUND');
      if (decision[2] === 'approve' && grant.requestedBy === me)
        return fail(403, 'SELF_APPROVAL_FORBIDDEN');
      this.grants.splice(index, 1);
      if (decision[2] === 'reject') return json(200, { grant: { ...grant, status: 'rejected' } });
      const transaction = this.record({
        fromUserId: '0',
        toUserId: grant.userId,
        amount: grant.amount,
        transactionType: 'giveaway',
      });
      return json(201, { grant: { ...grant, status: 'approved' }, transaction });
    }
    const user = /^\/admin\/users\/([^/]+)(?:\/(freeze|unfreeze))?$/.exec(path);
    if (user) {
      const userId = decodeURIComponent(user[1] ?? '');
      if (!this.balances.has(userId)) return fail(404, 'USER_NOT_FOUND', 'No such user');
      if (method === 'POST' && user[2]) {
        if (user[2] === 'freeze') this.frozen.add(userId);
        else this.frozen.delete(userId);
        return json(200, { userId, frozen: this.frozen.has(userId), actionId: 'act-1' });
      }
      return json(200, {
        userId,
        balance: this.balances.get(userId),
        frozen: this.frozen.has(userId),
        createdAt: '2026-01-01T00:00:00.000Z',
        lastUpdated: null,
      });
    }
    return undefined;
  }

  private answer(
    method: string,
    path: string,
    query: URLSearchParams,
    headers: Record<string, string>,
    body: Record<string, unknown> | undefined,
  ): Response {
    const minted = this.transactions
      .filter((t) => t.fromUserId === '0')
      .reduce((sum, t) => sum + t.amount, 0);
    if (path === '/supply')
      return json(200, {
        totalAmount: this.totalAmount,
        mintedAmount: minted,
        remainingAmount: this.totalAmount - minted,
      });
    if (path === '/bundles') return json(200, { bundles: BUNDLES });
    if (path === '/plans') return json(200, { plans: PLANS });
    if (path === '/rewards/rules')
      return json(200, {
        rules: [
          { action: 'daily-login', coins: 5, dailyLimit: 1 },
          { action: 'profile-completed', coins: 50, lifetimeLimit: 1 },
        ],
      });
    const me = subjectOf(headers.authorization);
    if (!me) return fail(401, 'UNAUTHORIZED');
    if (path === '/balance')
      return json(200, {
        userId: me,
        balance: this.balances.get(me) ?? 0,
        held: this.holds
          .filter((h) => h.userId === me && h.status === 'held')
          .reduce((sum, h) => sum + h.amount, 0),
      });
    if (path === '/holds') {
      const status = query.get('status');
      const mine = this.holds.filter((h) => h.userId === me && (!status || h.status === status));
      return json(200, { holds: mine });
    }
    if (path === '/referral') {
      const code = referralCodeOf(me);
      const claimers = [...this.referralClaims.values()].filter((c) => c === code).length;
      return json(200, { code, referredCount: claimers, earnedCoins: claimers * 100 });
    }
    if (method === 'POST' && path === '/referral/claim' && body) {
      const code = String(body.code).toUpperCase();
      if (this.referralClaims.has(me)) return fail(409, 'REFERRAL_ALREADY_CLAIMED');
      if (code === referralCodeOf(me)) return fail(400, 'VALIDATION_ERROR', 'code: your own');
      if (![...this.balances.keys()].some((user) => referralCodeOf(user) === code))
        return fail(404, 'REFERRAL_CODE_NOT_FOUND');
      this.referralClaims.set(me, code);
      return json(201, { status: 'claimed' });
    }
    if (path === '/transactions') {
      // `?type=` as the API filters it: one or more types, comma-separated.
      const types = query.get('type')?.split(',');
      const mine = this.transactions.filter(
        (t) =>
          (t.fromUserId === me || t.toUserId === me) &&
          (types === undefined || types.includes(t.transactionType)),
      );
      const start = Number(query.get('cursor') ?? 0);
      const limit = Number(query.get('limit') ?? 20);
      const page = mine.slice(start, start + limit);
      const next = start + limit < mine.length ? String(start + limit) : null;
      return json(200, { transactions: page, nextCursor: next });
    }
    if (method === 'POST' && path === '/transfer' && body) {
      const to = String(body.toUserId);
      const amount = Number(body.amount);
      if (!this.balances.has(to)) return fail(404, 'USER_NOT_FOUND', 'No such recipient');
      if ((this.balances.get(me) ?? 0) < amount)
        return fail(409, 'INSUFFICIENT_FUNDS', 'Not enough coins');
      const transaction = this.record({
        fromUserId: me,
        toUserId: to,
        amount,
        transactionType: 'transfer',
        ...(body.description ? { description: String(body.description) } : {}),
      });
      return json(201, { transaction, balance: this.balances.get(me) });
    }
    const admin = this.adminAnswer(method, path, me);
    if (admin) return admin;
    if (path === '/subscription')
      return json(200, { subscription: this.subscriptions.get(me) ?? null });
    if (method === 'POST' && path === '/subscription/portal') {
      if (!this.subscriptions.has(me)) return fail(404, 'NOT_FOUND', 'No subscription');
      return json(200, { url: 'http://localhost/local/stripe/portal/bps_1' });
    }
    if (method === 'POST' && path === '/subscribe' && body) {
      if (this.subscriptions.get(me)?.status === 'active') return fail(409, 'ALREADY_SUBSCRIBED');
      return json(200, {
        sessionId: 'cs_sub_1',
        url: `http://localhost/local/stripe/checkout?session_id=cs_sub_1&plan=${body.planId}`,
      });
    }
    if (path.startsWith('/purchases/')) {
      const purchase = this.purchases.get(decodeURIComponent(path.slice('/purchases/'.length)));
      if (!purchase || purchase.buyer !== me) return fail(404, 'NOT_FOUND', 'No such purchase');
      return json(200, purchase.status);
    }
    if (method === 'POST' && path === '/purchase' && body) {
      const bundle = BUNDLES.find((b) => b.id === body.bundleId);
      this.purchases.set('cs_test_1', {
        buyer: me,
        status: {
          sessionId: 'cs_test_1',
          status: 'pending',
          bundleId: String(body.bundleId),
          coins: bundle?.coins ?? 0,
        },
      });
      return json(200, {
        sessionId: 'cs_test_1',
        url: `http://localhost/local/stripe/checkout?session_id=cs_test_1&bundle=${body.bundleId}`,
      });
    }
    return fail(404, 'NOT_FOUND');
  }
}
