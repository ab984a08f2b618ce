import { randomUUID } from 'node:crypto';
import { marshall } from '@aws-sdk/util-dynamodb';
import type {
  APIGatewayProxyEvent,
  DynamoDBRecord,
  DynamoDBStreamEvent,
  PostConfirmationTriggerEvent,
} from 'aws-lambda';
import Stripe from 'stripe';
import { proxyEvent, tokenAuthorizerEvent } from '#infra/local/lambda-events';
import { API_BASE_PATH } from '#infra/routes';
import { newRecord } from '#shared/ledger/transaction';
import { DEFAULT_BUNDLES } from '#shared/stripe/bundles';
import { DEFAULT_PLANS } from '#shared/subscriptions/plans';

/**
 * The first request each function serves in the bench: a successful one, built exactly as API
 * Gateway (or Cognito) would hand it over, with fresh ids so that no run replays another.
 */
export interface BenchActors {
  readonly sender: string;
  readonly recipient: string;
  readonly admin: string;
  readonly userToken: string;
  readonly adminToken: string;
  readonly webhookSecret: string;
  /** Pending grants requested by another admin, one taken by each approve/reject event. */
  readonly pendingGrants: string[];
  /** Pending batches requested by another admin, one taken by each batch approval event. */
  readonly pendingBatches: string[];
  /** A `shop` client-credentials token (scope daswos-coins/spend). */
  readonly serviceToken: string;
  /** A hold of the sender's that is still held: one per call (captures and voids settle it). */
  readonly nextHold: () => string;
  /** The recipient's referral code, for claims. */
  readonly referralCode: string;
  /** Users with wallets the bench funds: rewards go round them, under each daily limit. */
  readonly rewardees: readonly string[];
}

/** What the service authorizer hands the handlers for the `shop` service. */
export const SHOP_CALLER = { clientId: 'shop', scopes: 'daswos-coins/spend' };
/** And for the `rewards` service. */
export const REWARDS_CALLER = { clientId: 'rewards', scopes: 'daswos-coins/reward' };

export function apiEvent(options: {
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  /** Sent as is (a Stripe delivery must reach the handler byte for byte). */
  rawBody?: string;
  headers?: Record<string, string>;
  query?: Record<string, string>;
  pathParameters?: Record<string, string>;
  authorizer?: { userId: string; groups: string; mfa?: string } | typeof SHOP_CALLER | null;
}): APIGatewayProxyEvent {
  const body = options.rawBody ?? (options.body === undefined ? '' : JSON.stringify(options.body));
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'User-Agent': 'daswos-bench',
    ...options.headers,
  };
  const authorizer = options.authorizer
    ? {
        principalId:
          'userId' in options.authorizer ? options.authorizer.userId : options.authorizer.clientId,
        ...options.authorizer,
      }
    : null;
  return proxyEvent({
    method: options.method,
    resource: `${API_BASE_PATH}${options.path}`,
    path: `${API_BASE_PATH}${options.path.replace(/\{(\w+)\}/g, (_, name: string) => options.pathParameters?.[name] ?? '')}`,
    pathParameters: options.pathParameters ?? null,
    headers,
    query: new URLSearchParams(options.query),
    body,
    authorizer,
    sourceIp: '127.0.0.1',
  });
}

export function transferEvent(actors: BenchActors, from = actors.sender, to = actors.recipient) {
  return apiEvent({
    method: 'POST',
    path: '/transfer',
    body: { toUserId: to, amount: 1, description: 'bench' },
    headers: { 'Idempotency-Key': randomUUID() },
    authorizer: { userId: from, groups: '' },
  });
}

export function giveEvent(actors: BenchActors) {
  return apiEvent({
    method: 'POST',
    path: '/give',
    body: { userId: actors.recipient, amount: 1, reason: 'bench' },
    headers: { 'Idempotency-Key': randomUUID() },
    authorizer: { userId: actors.admin, groups: 'admin', mfa: 'true' },
  });
}

/** A batch giveaway to the given users (each has a wallet), one coin each, with a fresh key. */
export function batchGiveEvent(actors: BenchActors, recipients: readonly string[]) {
  return apiEvent({
    method: 'POST',
    path: '/give/batch',
    body: { grants: recipients.map((userId) => ({ userId, amount: 1 })), reason: 'bench' },
    headers: { 'Idempotency-Key': randomUUID() },
    authorizer: { userId: actors.admin, groups: 'admin', mfa: 'true' },
  });
}

export function historyEvent(actors: BenchActors, userId = actors.sender) {
  return apiEvent({
    method: 'GET',
    path: '/transactions',
    query: { limit: '20' },
    authorizer: { userId, groups: '' },
  });
}

export function spendEvent(actors: BenchActors) {
  return apiEvent({
    method: 'POST',
    path: '/spend',
    body: { userId: actors.sender, amount: 1, feature: 'bench' },
    headers: { 'Idempotency-Key': randomUUID() },
    authorizer: SHOP_CALLER,
  });
}

export function placeHoldEvent(actors: BenchActors) {
  return apiEvent({
    method: 'POST',
    path: '/holds',
    body: { userId: actors.sender, amount: 2, feature: 'bench' },
    headers: { 'Idempotency-Key': randomUUID() },
    authorizer: SHOP_CALLER,
  });
}

/** GET a hold, or capture or void it (`action`), as the shop. */
export function holdEvent(holdId: string, action?: 'capture' | 'void') {
  return apiEvent({
    method: action ? 'POST' : 'GET',
    path: action ? `/holds/{holdId}/${action}` : '/holds/{holdId}',
    pathParameters: { holdId },
    ...(action === 'capture' ? { body: { amount: 1 } } : {}),
    ...(action ? { headers: { 'Idempotency-Key': randomUUID() } } : {}),
    authorizer: SHOP_CALLER,
  });
}

/** A user who never claimed a code claims the recipient's (each call a new claimer). */
export function claimReferralEvent(actors: BenchActors, claimer = `bench-claimer-${randomUUID()}`) {
  return apiEvent({
    method: 'POST',
    path: '/referral/claim',
    body: { code: actors.referralCode },
    authorizer: { userId: claimer, groups: '' },
  });
}

let rewarded = 0;

/** A `listing-created` reward (daily limit 5) for the next of the funded users, in turn. */
export function rewardEvent(actors: BenchActors) {
  const userId = actors.rewardees[rewarded++ % actors.rewardees.length] ?? actors.recipient;
  return apiEvent({
    method: 'POST',
    path: '/rewards',
    body: { userId, action: 'listing-created', occurrenceId: `bench-${randomUUID()}` },
    authorizer: REWARDS_CALLER,
  });
}

/** A paid Checkout Session for the smallest bundle, signed as Stripe signs a delivery. */
export function webhookEvent(actors: BenchActors) {
  const bundle = DEFAULT_BUNDLES[0];
  if (!bundle) throw new Error('no default bundle');
  const session = {
    id: `cs_test_${randomUUID().replaceAll('-', '')}`,
    object: 'checkout.session',
    mode: 'payment',
    payment_status: 'paid',
    status: 'complete',
    amount_total: bundle.priceCents,
    currency: bundle.currency,
    client_reference_id: actors.recipient,
    metadata: { userId: actors.recipient, bundleId: bundle.id, coins: String(bundle.coins) },
    payment_intent: `pi_${randomUUID().replaceAll('-', '').slice(0, 24)}`,
  };
  const payload = JSON.stringify({
    id: `evt_${randomUUID().replaceAll('-', '')}`,
    object: 'event',
    type: 'checkout.session.completed',
    data: { object: session },
  });
  const signature = Stripe.webhooks.generateTestHeaderString({
    payload,
    secret: actors.webhookSecret,
  });
  return apiEvent({
    method: 'POST',
    path: '/webhook',
    rawBody: payload,
    headers: { 'Stripe-Signature': signature, 'User-Agent': 'Stripe/1.0' },
  });
}

/** A purchase of the sender's that the bench records before the cold starts. */
export const BENCH_PURCHASE_SESSION = 'cs_bench_pending';

/** GET /purchases/{sessionId} as API Gateway sends it: the template path and its parameter. */
export function purchaseStatusEvent(actors: BenchActors, sessionId: string): APIGatewayProxyEvent {
  const event = apiEvent({
    method: 'GET',
    path: `/purchases/${sessionId}`,
    authorizer: { userId: actors.sender, groups: '' },
  });
  return {
    ...event,
    resource: `${API_BASE_PATH}/purchases/{sessionId}`,
    pathParameters: { sessionId },
  };
}

/** Approves the next pending batch (two grants) through the grants' approval route. */
export function batchApprovalEvent(actors: BenchActors) {
  const grantId = actors.pendingBatches.shift();
  if (!grantId) throw new Error('the bench ran out of pending batches');
  return adminEvent(actors, {
    method: 'POST',
    path: `/grants/${grantId}/approve`,
    pathParameters: { grantId },
  });
}

function nextGrant(actors: BenchActors): string {
  const grantId = actors.pendingGrants.shift();
  if (!grantId) throw new Error('the bench ran out of pending grants');
  return grantId;
}

/** An admin request as the admin authorizer passes it on (group and MFA sign-in checked). */
export function adminEvent(
  actors: BenchActors,
  request: {
    method: 'GET' | 'POST';
    path: string;
    body?: unknown;
    pathParameters?: Record<string, string>;
  },
) {
  return apiEvent({
    ...request,
    authorizer: { userId: actors.admin, groups: 'admin', mfa: 'true' },
  });
}

/** POST /subscribe for the sender: a Checkout Session in subscription mode (never paid here). */
export function subscribeEvent(actors: BenchActors): APIGatewayProxyEvent {
  return apiEvent({
    method: 'POST',
    path: '/subscribe',
    body: { planId: DEFAULT_PLANS[0]?.id },
    headers: { 'Idempotency-Key': randomUUID() },
    authorizer: { userId: actors.sender, groups: '' },
  });
}

/** The event a function's cold start serves; `baseline` ignores its event. */
export function firstEventFor(name: string, actors: BenchActors): unknown {
  const user = { userId: actors.sender, groups: '' };
  const asAdmin = (request: Parameters<typeof adminEvent>[1]) => adminEvent(actors, request);
  const ofSender = { pathParameters: { userId: actors.sender } };
  // `name@sha`, the function at another commit (--compare), serves the same request.
  switch (name.split('@')[0]) {
    case 'baseline':
    case 'get-supply':
      return apiEvent({ method: 'GET', path: '/supply' });
    case 'list-bundles':
      return apiEvent({ method: 'GET', path: '/bundles' });
    case 'get-balance':
      return apiEvent({ method: 'GET', path: '/balance', authorizer: user });
    case 'list-transactions':
      return historyEvent(actors);
    case 'transfer-coins':
      return transferEvent(actors);
    case 'give-coins':
      return giveEvent(actors);
    case 'give-coins-batch':
      return batchGiveEvent(actors, [actors.recipient, ...actors.rewardees.slice(0, 9)]);
    case 'create-purchase':
      return apiEvent({
        method: 'POST',
        path: '/purchase',
        body: { bundleId: DEFAULT_BUNDLES[0]?.id },
        headers: { 'Idempotency-Key': randomUUID() },
        authorizer: user,
      });
    case 'get-purchase':
      return purchaseStatusEvent(actors, BENCH_PURCHASE_SESSION);
    case 'list-plans':
      return apiEvent({ method: 'GET', path: '/plans' });
    case 'create-subscription':
      return subscribeEvent(actors);
    case 'get-subscription':
      return apiEvent({ method: 'GET', path: '/subscription', authorizer: user });
    case 'create-portal-session':
      // The bench subscribes the sender first (never paid), so it has a Stripe customer.
      return apiEvent({ method: 'POST', path: '/subscription/portal', authorizer: user });
    case 'stripe-webhook':
      return webhookEvent(actors);
    case 'authorize-user':
      return tokenAuthorizerEvent(`Bearer ${actors.userToken}`, 'GET', '/balance');
    case 'authorize-admin':
      return tokenAuthorizerEvent(`Bearer ${actors.adminToken}`, 'POST', '/give');
    case 'spend-coins':
      return spendEvent(actors);
    case 'place-hold':
      return placeHoldEvent(actors);
    case 'get-hold':
      return holdEvent(actors.nextHold());
    case 'capture-hold':
      return holdEvent(actors.nextHold(), 'capture');
    case 'void-hold':
      return holdEvent(actors.nextHold(), 'void');
    case 'list-holds':
      return apiEvent({
        method: 'GET',
        path: '/holds',
        query: { status: 'held' },
        authorizer: user,
      });
    case 'authorize-service':
      return tokenAuthorizerEvent(
        `Bearer ${actors.serviceToken}`,
        'POST',
        `${API_BASE_PATH}/spend`,
      );
    case 'sweep-expired-holds':
      return {};
    case 'get-referral':
      return apiEvent({ method: 'GET', path: '/referral', authorizer: user });
    case 'claim-referral':
      return claimReferralEvent(actors);
    case 'list-reward-rules':
      return apiEvent({ method: 'GET', path: '/rewards/rules' });
    case 'grant-reward':
      return rewardEvent(actors);
    case 'create-wallet-on-sign-up':
      return postConfirmationEvent(`bench-signup-${randomUUID()}`);
    case 'admin-get-user':
      return asAdmin({ method: 'GET', path: `/admin/users/${actors.sender}`, ...ofSender });
    case 'admin-list-user-transactions':
      return asAdmin({
        method: 'GET',
        path: `/admin/users/${actors.sender}/transactions`,
        ...ofSender,
      });
    case 'admin-freeze-wallet':
      return freezeEvent(actors, 'freeze');
    case 'admin-unfreeze-wallet':
      return freezeEvent(actors, 'unfreeze');
    case 'admin-list-actions':
      return asAdmin({ method: 'GET', path: '/admin/actions' });
    case 'list-grants':
      return asAdmin({ method: 'GET', path: '/grants' });
    case 'approve-grant':
      return grantDecisionEvent(actors, 'approve');
    case 'reject-grant':
      return grantDecisionEvent(actors, 'reject');
    case 'list-grant-batches':
      return asAdmin({ method: 'GET', path: '/grants/batches' });
    case 'publish-transaction-events':
      return streamEvent(actors);
    default:
      throw new Error(`no first event for ${name}`);
  }
}

/** A stream batch of one committed transfer, as Lambda's DynamoDB event source hands it over
 * (naming the stream of the transactions table the local system set up: the publisher maps a
 * record by its stream). */
export function streamEvent(actors: BenchActors): DynamoDBStreamEvent {
  const record = newRecord({
    transactionId: `transfer_${randomUUID()}`,
    type: 'transfer',
    from: actors.sender,
    to: actors.recipient,
    amount: 1,
    referenceId: undefined,
    description: undefined,
    initiatedBy: actors.sender,
    requestHash: 'bench',
    now: new Date(),
  });
  return {
    Records: [
      {
        eventID: randomUUID(),
        eventName: 'INSERT',
        eventSource: 'aws:dynamodb',
        eventSourceARN: `arn:aws:dynamodb:us-east-1:000000000000:table/${process.env.TRANSACTIONS_TABLE}/stream/bench`,
        awsRegion: 'us-east-1',
        dynamodb: {
          Keys: { transaction_id: { S: record.transaction_id } },
          NewImage: marshall(record) as NonNullable<DynamoDBRecord['dynamodb']>['NewImage'],
          SequenceNumber: '1',
          StreamViewType: 'NEW_IMAGE',
        },
      },
    ],
  };
}

export function postConfirmationEvent(sub: string): PostConfirmationTriggerEvent {
  return {
    version: '1',
    region: 'us-east-1',
    userPoolId: process.env.COGNITO_USER_POOL_ID ?? 'us-east-1_DasWosLocal',
    userName: sub,
    triggerSource: 'PostConfirmation_ConfirmSignUp',
    callerContext: { awsSdkVersion: 'bench', clientId: process.env.COGNITO_CLIENT_ID ?? '' },
    request: { userAttributes: { sub } },
    response: {},
  } as PostConfirmationTriggerEvent;
}

/** Approves or rejects the next pending grant; the path parameter as API Gateway passes it. */
export function grantDecisionEvent(actors: BenchActors, decision: 'approve' | 'reject') {
  const grantId = nextGrant(actors);
  return adminEvent(actors, {
    method: 'POST',
    path: `/grants/${grantId}/${decision}`,
    pathParameters: { grantId },
  });
}

/** Freezes (or unfreezes) a wallet nobody sends from in the bench, with a reason. */
export function freezeEvent(actors: BenchActors, action: 'freeze' | 'unfreeze') {
  return adminEvent(actors, {
    method: 'POST',
    path: `/admin/users/${actors.recipient}/${action}`,
    body: { reason: 'bench' },
    pathParameters: { userId: actors.recipient },
  });
}
