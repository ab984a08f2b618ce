import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { DuplicateRecipientError } from '#shared/admin/errors';
import { giveBatch } from '#shared/grants/batch-give';
import { type GiveCapItem, giveCapKey, utcDay } from '#shared/grants/daily-cap';
import type { GiveSettings } from '#shared/grants/settings';
import {
  type Fault,
  faultSequence,
  injectFaults,
  SimulatedCrashError,
  TRANSACT_WRITE,
} from '#test/support/faults';
import { createTestLedger, type TestLedger } from '#test/support/ledger-fixture';

/**
 * Crashes and failures between a batch's steps, which HTTP cannot arrange: the domain function
 * on a ledger whose DynamoDB client drops or fails chosen writes (test/support/faults.ts).
 */
const settings: GiveSettings = { approvalThreshold: 1_000, dailyLimitPerAdmin: 5_000 };
const USERS = ['ann', 'ben', 'cat', 'dan', 'eve'];
const grants = USERS.map((userId, i) => ({ userId, amount: 10 * (i + 1) }));
const TOTAL = 150;

describe('batch giveaways across crashes and failures', () => {
  const open: TestLedger[] = [];

  async function ledgerWith(
    options: { faults?: readonly (Fault | undefined)[]; totalAmount?: number } = {},
  ) {
    const { faults } = options;
    const test = await createTestLedger({
      totalAmount: options.totalAmount ?? 1_000_000,
      // One attempt: an injected throttle reaches the batch instead of being retried away.
      retryPolicy: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
      // The wallets are created with Put: the sequence counts only the batch's transactions.
      ...(faults
        ? { instrument: (db) => void injectFaults(db, faultSequence(TRANSACT_WRITE, faults)) }
        : {}),
    });
    open.push(test);
    for (const user of USERS) await test.ledger.createWallet(user);
    return test;
  }
  const counter = async (test: TestLedger, adminId: string) => {
    const { Item } = await test.db.send(
      new GetCommand({
        TableName: test.tables.admin,
        Key: giveCapKey(adminId, utcDay(new Date())),
        ConsistentRead: true,
      }),
    );
    return (Item as GiveCapItem | undefined)?.given;
  };
  const balances = (test: TestLedger) =>
    Promise.all(USERS.map((user) => test.ledger.getBalance(user)));
  const run = async (
    test: TestLedger,
    extra: { deadline?: Date; grants?: { userId: string; amount: number }[] } = {},
  ) => {
    const result = await giveBatch(test.ledger.context, settings, {
      adminId: 'ops',
      grants,
      idempotencyKey: 'batch-1',
      ...extra,
    });
    if (result.outcome !== 'given') throw new Error(`the batch is ${result.outcome}`);
    return result;
  };

  afterEach(async () => {
    for (const test of open.splice(0)) {
      expect((await test.audit()).breaches).toEqual([]);
      await test.destroy();
    }
  });

  it('gives every grant once when the batch is sent again after a crash right after the reservation', async () => {
    const test = await ledgerWith({ faults: ['crash-after-commit'] });

    await expect(run(test)).rejects.toBeInstanceOf(SimulatedCrashError);
    expect(await counter(test, 'ops')).toBe(TOTAL);
    expect(await balances(test)).toEqual([0, 0, 0, 0, 0]);
    const retry = await run(test);

    expect(retry.replayed).toBe(true);
    expect(retry.results.map((r) => r.status)).toEqual(Array(5).fill('credited'));
    expect(await balances(test)).toEqual([10, 20, 30, 40, 50]);
    expect(await counter(test, 'ops')).toBe(TOTAL);
  });

  it('finishes a batch cut short: the grants given before replay, the rest are credited', async () => {
    // Reservation passes; two mints commit but their answers are lost; one passes; two fail.
    const test = await ledgerWith({
      faults: [
        undefined,
        'crash-after-commit',
        'crash-after-commit',
        undefined,
        'throttle',
        'throttle',
      ],
    });

    const first = await run(test);
    const statuses = first.results.map((r) => r.status);
    expect(statuses.filter((s) => s === 'credited')).toHaveLength(1);
    expect(statuses.filter((s) => s === 'failed')).toHaveLength(4);
    expect(first.results.filter((r) => r.status === 'failed').map((r) => r.error.code)).toEqual(
      Array(4).fill('INTERNAL'),
    );
    const retry = await run(test);

    const again = retry.results.map((r) => r.status);
    expect(again.filter((s) => s === 'replayed')).toHaveLength(3);
    expect(again.filter((s) => s === 'credited')).toHaveLength(2);
    expect(await balances(test)).toEqual([10, 20, 30, 40, 50]);
    expect(await counter(test, 'ops')).toBe(TOTAL);
  });

  it('answers NOT_ATTEMPTED for grants past the deadline, still reserved, and gives them on retry', async () => {
    const test = await ledgerWith();

    const late = await run(test, { deadline: new Date(Date.now() + 1_000) });
    expect(late.results.map((r) => (r.status === 'failed' ? r.error.code : r.status))).toEqual(
      Array(5).fill('NOT_ATTEMPTED'),
    );
    expect(await counter(test, 'ops')).toBe(TOTAL);
    const retry = await run(test);

    expect(retry.results.map((r) => r.status)).toEqual(Array(5).fill('credited'));
    expect(await balances(test)).toEqual([10, 20, 30, 40, 50]);
  });

  it('fails a grant the supply cannot cover, gives its amount back to the day, and answers the same on retry', async () => {
    const test = await ledgerWith({ totalAmount: 100 });

    // The first four make exactly the supply of 100; eve's 101 is more than the whole supply.
    const exhausting = [...grants.slice(0, 4), { userId: 'eve', amount: 101 }];
    const first = await run(test, { grants: exhausting });
    const retry = await run(test, { grants: exhausting });

    const outcome = (r: (typeof first.results)[number]) =>
      r.status === 'failed' ? r.error.code : r.status;
    expect(first.results.map(outcome)).toEqual([
      'credited',
      'credited',
      'credited',
      'credited',
      'SUPPLY_EXHAUSTED',
    ]);
    expect(retry.results.map(outcome)).toEqual([
      'replayed',
      'replayed',
      'replayed',
      'replayed',
      'SUPPLY_EXHAUSTED',
    ]);
    expect(await counter(test, 'ops')).toBe(100);
  });

  it('refuses two grants to one user in the domain too (the API schema is not the only check)', async () => {
    const test = await ledgerWith();

    const twice = giveBatch(test.ledger.context, settings, {
      adminId: 'ops',
      grants: [
        { userId: 'ann', amount: 1 },
        { userId: 'ann', amount: 1 },
      ],
      idempotencyKey: 'dup-1',
    });

    await expect(twice).rejects.toBeInstanceOf(DuplicateRecipientError);
    expect(await counter(test, 'ops')).toBeUndefined();
  });
});
