import { performance } from 'node:perf_hooks';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import type { MintRequest } from '#shared/ledger/mint';
import { SYSTEM_USER_ID } from '#shared/ledger/rules';
import type { Transaction, TransactionRecord } from '#shared/ledger/transaction';
import type { TransferRequest } from '#shared/ledger/transfer';
import { publicWalletId } from '#shared/reserve/reserve-ids';
import { type Fault, injectFaults, TRANSACT_WRITE } from '#test/support/faults';
import {
  createTestLedger,
  expectLedgerInvariants,
  type TestLedger,
} from '#test/support/ledger-fixture';
import { seededRandom } from '#test/support/seeded-random';

/**
 * A randomized concurrent workload against the real engine, with the faults DynamoDB Local
 * cannot produce injected on ~10% of the transactions. The plan of operations is fixed by the
 * seed; which call meets which fault depends on scheduling, so the counts in the summary vary a
 * little between runs, while every assertion must hold for every interleaving.
 */
const SEED = 20_250_301;
const USERS = ['u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u7', 'u8'];
const ADMINS = ['admin-1', 'admin-2'];
const OPERATIONS = 2_000;
const IN_FLIGHT = 32;
const REPLAY_PERCENT = 20;
const FAULT_RATE = 0.1;
const FAULTS: readonly Fault[] = ['conflict', 'throttle', 'lost-response'];
/** Small enough that the mints exhaust it part-way through. */
const TOTAL = 200_000;

type Operation =
  | { readonly kind: 'transfer'; readonly request: TransferRequest }
  | { readonly kind: 'mint'; readonly request: MintRequest };

interface PlannedOperation {
  readonly operation: Operation;
  /** Its idempotency scope, or a name of its own when it has no key. */
  readonly logicalId: string;
  /** For a reuse of an earlier key: the index of the operation it repeats. */
  readonly repeats?: number;
}

interface Outcome {
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly transaction?: Transaction;
  readonly replayed?: boolean;
  readonly error?: unknown;
}

interface Draw {
  readonly kind: 'transfer' | 'giveaway' | 'purchase';
  readonly from: number;
  readonly toOffset: number;
  readonly amount: number;
  readonly keyed: boolean;
  readonly admin: number;
  readonly reuse: boolean;
  readonly pick: number;
}

const drawArbitrary: fc.Arbitrary<Draw> = fc.record({
  kind: fc.oneof(
    { arbitrary: fc.constant('transfer' as const), weight: 6 },
    { arbitrary: fc.constant('giveaway' as const), weight: 2 },
    { arbitrary: fc.constant('purchase' as const), weight: 2 },
  ),
  from: fc.nat(USERS.length - 1),
  toOffset: fc.nat(USERS.length - 2),
  // Mostly small amounts; one in ten is large enough to overdraw a wallet or the supply.
  amount: fc.oneof(
    { arbitrary: fc.integer({ min: 1, max: 300 }), weight: 9 },
    { arbitrary: fc.integer({ min: 1_000, max: 6_000 }), weight: 1 },
  ),
  keyed: fc.integer({ min: 0, max: 9 }).map((n) => n < 7),
  admin: fc.nat(ADMINS.length - 1),
  reuse: fc.integer({ min: 0, max: 99 }).map((n) => n < REPLAY_PERCENT),
  pick: fc.nat(),
});

/** Turns the seeded draws into operations; a reuse repeats an earlier keyed request as is. */
function planWorkload(): PlannedOperation[] {
  const [draws] = fc.sample(
    // noBias: fast-check leans towards small numbers by default, which would skew the mix.
    fc.noBias(fc.array(drawArbitrary, { minLength: OPERATIONS, maxLength: OPERATIONS })),
    { seed: SEED, numRuns: 1 },
  );
  if (!draws) throw new Error('fast-check drew no sample');
  const planned: PlannedOperation[] = [];
  const keyed: number[] = [];
  draws.forEach((draw, i) => {
    const earlier = keyed[draw.pick % Math.max(keyed.length, 1)];
    if (draw.reuse && earlier !== undefined) {
      const original = planned[earlier] as PlannedOperation;
      planned.push({ ...original, repeats: earlier });
      return;
    }
    const user = USERS[draw.from] as string;
    if (draw.kind === 'transfer') {
      const to = USERS[(draw.from + 1 + draw.toOffset) % USERS.length] as string;
      const key = draw.keyed ? `transfer-${i}` : undefined;
      planned.push({
        operation: {
          kind: 'transfer',
          request: { from: user, to, amount: draw.amount, idempotencyKey: key },
        },
        logicalId: key === undefined ? `unkeyed-${i}` : `transfer|${user}|${key}`,
      });
    } else if (draw.kind === 'purchase') {
      const session = `cs_test_workload_${i}`;
      planned.push({
        operation: {
          kind: 'mint',
          request: {
            to: user,
            amount: draw.amount,
            type: 'purchase',
            referenceId: session,
            idempotency: { owner: 'stripe', key: session },
          },
        },
        logicalId: `purchase|stripe|${session}`,
      });
    } else {
      const admin = ADMINS[draw.admin] as string;
      const key = draw.keyed ? `gift-${i}` : undefined;
      planned.push({
        operation: {
          kind: 'mint',
          request: {
            to: user,
            amount: draw.amount,
            type: 'giveaway',
            initiatedBy: admin,
            description: 'workload giveaway',
            idempotency: key === undefined ? undefined : { owner: admin, key },
          },
        },
        logicalId: key === undefined ? `unkeyed-${i}` : `giveaway|${admin}|${key}`,
      });
    }
    if (draw.kind === 'purchase' || draw.keyed) keyed.push(i);
  });
  return planned;
}

function countBy<T>(items: readonly T[], name: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[name(item)] = (counts[name(item)] ?? 0) + 1;
  return counts;
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}

describe('a randomized concurrent workload', () => {
  let t: TestLedger;
  let injected: Map<Fault, number>;
  let faultsOn = false;

  beforeEach(async () => {
    const random = seededRandom(SEED);
    t = await createTestLedger({
      totalAmount: TOTAL,
      instrument: (db) => {
        injected = injectFaults(db, (name) => {
          if (!faultsOn || name !== TRANSACT_WRITE || random() >= FAULT_RATE) return undefined;
          return FAULTS[Math.floor(random() * FAULTS.length)];
        }).injected;
      },
    });
    for (const user of USERS) await t.ledger.createWallet(user);
  });

  afterEach(async () => {
    faultsOn = false;
    await expectLedgerInvariants(t);
    await t.destroy();
  });

  async function scanTransactions(): Promise<TransactionRecord[]> {
    const records: TransactionRecord[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await t.db.send(
        new ScanCommand({
          TableName: t.tables.transactions,
          ExclusiveStartKey: startKey,
          ConsistentRead: true,
        }),
      );
      records.push(...((page.Items ?? []) as TransactionRecord[]));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return records;
  }

  it('applies every successful operation exactly once, under faults, replays and races', async () => {
    const plan = planWorkload();
    const outcomes: Outcome[] = new Array(plan.length);
    let clock = 0; // a logical clock: the order of starts and finishes, never wall time
    let next = 0;
    const run = async (operation: Operation) =>
      operation.kind === 'transfer'
        ? t.ledger.transfer(operation.request)
        : t.ledger.mint(operation.request);
    const worker = async () => {
      while (next < plan.length) {
        const i = next++;
        const startedAt = clock++;
        try {
          const result = await run((plan[i] as PlannedOperation).operation);
          outcomes[i] = {
            startedAt,
            finishedAt: clock++,
            transaction: result.transaction,
            replayed: result.replayed,
          };
        } catch (error) {
          outcomes[i] = { startedAt, finishedAt: clock++, error };
        }
      }
    };

    faultsOn = true;
    const started = performance.now();
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    const elapsedMs = Math.round(performance.now() - started);
    faultsOn = false;

    const succeeded = outcomes.filter((outcome) => outcome.transaction !== undefined);
    const rejected = outcomes.filter((outcome) => outcome.error !== undefined);
    const rejectedByName = countBy(rejected, (outcome) => errorName(outcome.error));
    const records = await scanTransactions();

    // Group the calls by logical operation (its idempotency scope; an unkeyed call is its own).
    const byLogicalId = new Map<string, number[]>();
    plan.forEach((planned, i) => {
      byLogicalId.set(planned.logicalId, [...(byLogicalId.get(planned.logicalId) ?? []), i]);
    });
    const violations: string[] = [];
    /** transaction id -> the logical operation whose calls returned it */
    const appliedBy = new Map<string, PlannedOperation>();
    for (const [logicalId, indexes] of byLogicalId) {
      const ids = new Set(indexes.flatMap((i) => outcomes[i]?.transaction?.transactionId ?? []));
      const fresh = indexes.filter((i) => outcomes[i]?.replayed === false);
      if (ids.size > 1) violations.push(`${logicalId}: ${ids.size} different transactions`);
      if (fresh.length > 1) violations.push(`${logicalId}: ${fresh.length} calls not replayed`);
      for (const id of ids) {
        if (appliedBy.has(id)) violations.push(`${id}: returned to two logical operations`);
        appliedBy.set(id, plan[indexes[0] as number] as PlannedOperation);
      }
    }
    const logicalSucceeded = [...byLogicalId.values()].filter((indexes) =>
      indexes.some((i) => outcomes[i]?.transaction !== undefined),
    ).length;

    // A reuse of a key that started after its original had succeeded must replay it.
    let replaysChecked = 0;
    plan.forEach((planned, i) => {
      const original = planned.repeats === undefined ? undefined : outcomes[planned.repeats];
      const copy = outcomes[i];
      if (!original?.transaction || !copy || copy.startedAt < original.finishedAt) return;
      replaysChecked++;
      const id = original.transaction.transactionId;
      if (!copy.replayed || copy.transaction?.transactionId !== id) {
        violations.push(`operation ${i} did not replay ${id} (operation ${planned.repeats})`);
      }
    });

    console.info(
      `workload: operations=${plan.length} in_flight=${IN_FLIGHT} ` +
        `succeeded=${succeeded.length} (logical=${logicalSucceeded}, ` +
        `replayed=${succeeded.filter((outcome) => outcome.replayed).length}) ` +
        `key_reuses=${plan.filter((planned) => planned.repeats !== undefined).length} ` +
        `(checked_replays=${replaysChecked}) rejected=${JSON.stringify(rejectedByName)} ` +
        `retries=${JSON.stringify(Object.fromEntries(t.retries))} ` +
        `injected_faults=${JSON.stringify(Object.fromEntries(injected))} ` +
        `records=${records.length} elapsed_ms=${elapsedMs}`,
    );

    // Only the domain's own answers: no fault ever escaped the retries.
    expect(Object.keys(rejectedByName).sort()).toEqual([
      'InsufficientFundsError',
      'SupplyExhaustedError',
    ]);
    expect(succeeded.length + rejected.length).toBe(plan.length);

    // Every fault was met and retried exactly once; nothing else was retried.
    for (const fault of FAULTS) expect(injected.get(fault)).toBeGreaterThan(0);
    const sum = (counts: Iterable<number>) => [...counts].reduce((a, b) => a + b, 0);
    expect(sum(t.retries.values())).toBe(sum(injected.values()));

    expect(violations).toEqual([]);
    expect(replaysChecked).toBeGreaterThan(100);

    // The table holds exactly the logical operations that succeeded: nothing twice, no extra.
    expect(records).toHaveLength(logicalSucceeded);
    expect(new Set(records.map((record) => record.transaction_id))).toEqual(
      new Set(appliedBy.keys()),
    );
    // Each mint names the reserve shard it came from (never the root, which only old records name).
    const mintedFrom = records.filter((record) => record.transaction_type !== 'transfer');
    expect(mintedFrom.every((record) => /^0#\d\d$/.test(record.from_user_id))).toBe(true);
    for (const record of records) {
      const planned = appliedBy.get(record.transaction_id);
      const request = planned?.operation.request;
      expect({
        id: record.transaction_id,
        type: record.transaction_type,
        from: publicWalletId(record.from_user_id),
        to: record.to_user_id,
        amount: record.amount,
      }).toEqual({
        id: record.transaction_id,
        type: planned?.operation.kind === 'mint' ? planned.operation.request.type : 'transfer',
        from: request && 'from' in request ? request.from : SYSTEM_USER_ID,
        to: request?.to,
        amount: request?.amount,
      });
    }

    // The balances are what the successful operations, as the callers asked for them, add up to.
    const expected = new Map<string, number>([[SYSTEM_USER_ID, TOTAL]]);
    for (const { operation } of appliedBy.values()) {
      const { to, amount } = operation.request;
      const from = operation.kind === 'transfer' ? operation.request.from : SYSTEM_USER_ID;
      expected.set(from, (expected.get(from) ?? 0) - amount);
      expected.set(to, (expected.get(to) ?? 0) + amount);
    }
    for (const user of [SYSTEM_USER_ID, ...USERS]) {
      expect({ user, balance: await t.ledger.getBalance(user) }).toEqual({
        user,
        balance: expected.get(user) ?? 0,
      });
    }
    expect((await t.ledger.getSupply()).mintedAmount).toBe(
      TOTAL - (expected.get(SYSTEM_USER_ID) ?? 0),
    );
  });
});
