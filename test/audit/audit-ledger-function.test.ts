import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { FULL_AUDIT_HOUR_UTC, handler } from '#functions/audit-ledger';
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
    await fundedUsers(t, { alice: 40, bob: 0 });
    await t.ledger.transfer({ from: 'alice', to: 'bob', amount: 15 });
  });

  afterAll(async () => {
    await t.destroy();
  });

  it('passes on a ledger in balance and reports its size', async () => {
    await expect(handler()).resolves.toEqual({ wallets: 3, transactions: 2 });
  });

  it('audits the hour before incrementally on a scheduled run outside the full hour', async () => {
    // A scheduled time an hour from now (not the full audit's hour): its window reaches back to
    // five minutes ago, so it holds this test's funding and transfer.
    let time = new Date(Date.now() + 60 * 60_000);
    if (time.getUTCHours() === FULL_AUDIT_HOUR_UTC) time = new Date(time.getTime() + 60 * 60_000);

    const report = await handler({ time: time.toISOString() });

    expect(report).toMatchObject({
      since: new Date(time.getTime() - 65 * 60_000).toISOString(),
      transactions: 2,
    });
    expect((report as { walletsVerified: number }).walletsVerified).toBeGreaterThanOrEqual(2);
  });

  it('audits the whole ledger on the scheduled run of the full hour', async () => {
    const time = new Date();
    time.setUTCHours(FULL_AUDIT_HOUR_UTC, 0, 0, 0);

    await expect(handler({ time: time.toISOString() })).resolves.toEqual({
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
});
