import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { handler } from '#functions/audit-ledger';
import { CHECKPOINT_MARGIN_MS, readLedgerCheckpoint } from '#shared/audit/audit-checkpoints';
import { FULL_AUDIT_HOUR_UTC } from '#shared/audit/audit-schedule';
import { LedgerBreachError } from '#shared/audit/ledger-breach-error';
import { createTestLedger, fundedUsers, type TestLedger } from '#test/support/ledger-fixture';

describe('audit-ledger (scheduled function)', () => {
  let t: TestLedger;

  beforeAll(async () => {
    t = await createTestLedger();
    // The function builds its ledger from the environment, as in AWS.
    process.env.SUPPLY_TABLE = t.tables.supply;
    process.env.WALLETS_TABLE = t.tables.wallets;
    process.env.TRANSACTIONS_TABLE = t.tables.transactions;
    process.env.PURCHASES_TABLE = t.tables.purchases;
    process.env.ADMIN_TABLE = t.tables.admin;
    process.env.HOLDS_TABLE = t.tables.holds;
    process.env.SUBSCRIPTIONS_TABLE = t.tables.subscriptions;
    process.env.REFERRALS_TABLE = t.tables.referrals;
    process.env.REWARD_COUNTERS_TABLE = t.tables.rewardCounters;
    process.env.AUDIT_TABLE = t.tables.audit;
    await fundedUsers(t, { alice: 40, bob: 0 });
    await t.ledger.transfer({ from: 'alice', to: 'bob', amount: 15 });
  });

  afterAll(async () => {
    await t.destroy();
  });

  const hourAhead = () => {
    // A scheduled time an hour from now, not the full audit's hour: without a stored checkpoint
    // its window reaches back to five minutes ago, so it holds this file's funding and transfer.
    const time = new Date(Date.now() + 60 * 60_000);
    return time.getUTCHours() === FULL_AUDIT_HOUR_UTC
      ? new Date(time.getTime() + 60 * 60_000)
      : time;
  };

  it('audits the hour before incrementally while no run has passed yet', async () => {
    const time = hourAhead();

    const summary = await handler({ time: time.toISOString() });

    expect(summary).toMatchObject({
      audit: 'incremental',
      since: new Date(time.getTime() - 65 * 60_000).toISOString(),
      fromCheckpoint: 0,
    });
    expect(summary.walletsVerified).toBeGreaterThanOrEqual(2);
  });

  it('passes on a ledger in balance, reports its size and stores its checkpoint', async () => {
    const started = Date.now();

    await expect(handler()).resolves.toMatchObject({ audit: 'full', wallets: 3, transactions: 2 });

    const stored = await readLedgerCheckpoint(t.ledger.context);
    expect(Date.parse(stored ?? '')).toBeGreaterThanOrEqual(started - CHECKPOINT_MARGIN_MS);
  });

  it('starts the next incremental run where the last passing run left off', async () => {
    const stored = await readLedgerCheckpoint(t.ledger.context);

    const summary = await handler({ time: hourAhead().toISOString() });

    expect(summary).toMatchObject({ audit: 'incremental', since: stored });
    // The wallets' checkpoints the runs before left: replayed from there.
    expect(summary.fromCheckpoint).toBeGreaterThanOrEqual(2);
  });

  it('audits the whole ledger on the scheduled run of the full hour', async () => {
    const time = new Date();
    time.setUTCHours(FULL_AUDIT_HOUR_UTC, 0, 0, 0);

    await expect(handler({ time: time.toISOString() })).resolves.toMatchObject({
      audit: 'full',
      wallets: 3,
      transactions: 2,
    });
  });

  it('fails, naming the breach, when a balance was changed outside the ledger', async () => {
    await t.db.send(
      new UpdateCommand({
        TableName: t.tables.wallets,
        Key: { user_id: 'bob' },
        UpdateExpression: 'SET balance = balance + :one',
        ExpressionAttributeValues: { ':one': 1 },
      }),
    );

    const failure = handler();

    await expect(failure).rejects.toBeInstanceOf(LedgerBreachError);
    await expect(failure).rejects.toThrow(
      /conservation|wallet bob: balance 16, its history gives 15/,
    );
  });

  it('keeps the checkpoint where it was after a breach, so the next run covers it again', async () => {
    const stored = await readLedgerCheckpoint(t.ledger.context);
    await t.db.send(
      new UpdateCommand({
        TableName: t.tables.wallets,
        Key: { user_id: 'bob' },
        UpdateExpression: 'SET balance = balance + :one, last_updated = :now',
        ExpressionAttributeValues: { ':one': 1, ':now': new Date().toISOString() },
      }),
    );

    await expect(handler({ time: hourAhead().toISOString() })).rejects.toBeInstanceOf(
      LedgerBreachError,
    );

    expect(await readLedgerCheckpoint(t.ledger.context)).toBe(stored);
  });
});
