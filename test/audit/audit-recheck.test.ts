import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { auditLedger } from '#shared/audit/audit-ledger';
import { createTestLedger, fundedUsers, type TestLedger } from '#test/support/ledger-fixture';

/**
 * The audit re-reads a wallet that disagrees with its records instead of reporting it: a wallet
 * still moving proves nothing, and is left to the next audit; one that stands still with the same
 * disagreement is a breach.
 */
describe('audit: a wallet that disagrees with its records', () => {
  let t: TestLedger;

  beforeEach(async () => {
    t = await createTestLedger();
    await fundedUsers(t, { alice: 10_000, bob: 0 });
    // A coin added outside the ledger: a real breach.
    await t.db.send(
      new UpdateCommand({
        TableName: t.tables.wallets,
        Key: { user_id: 'alice' },
        UpdateExpression: 'SET balance = balance + :one',
        ExpressionAttributeValues: { ':one': 1 },
      }),
    );
  });

  afterEach(async () => {
    await t.destroy();
  });

  it('is re-checked, not reported, while postings keep moving it', async () => {
    let auditing = true;
    let transfers = 0;
    const traffic = (async () => {
      while (auditing) {
        await t.ledger.transfer({ from: 'alice', to: 'bob', amount: 1 });
        transfers += 1;
      }
    })();

    const report = await auditLedger(t.ledger.context).finally(() => {
      auditing = false;
    });
    await traffic;

    expect(transfers).toBeGreaterThan(0);
    expect(report.breaches).toEqual([]);
    expect(report.unsettled).toContain('alice');
    expect(report.rechecked.wallets).toBeGreaterThanOrEqual(1);
  });

  it('is reported, naming what it holds and what its history gives, once it stands still', async () => {
    await t.ledger.transfer({ from: 'alice', to: 'bob', amount: 40 });

    const report = await auditLedger(t.ledger.context);

    expect(report.breaches).toEqual(['wallet alice: balance 9961, its history gives 9960']);
    expect(report.unsettled).toEqual([]);
  });
});
