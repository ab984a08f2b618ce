import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { CHECKPOINT_MARGIN_MS } from '#shared/audit/audit-checkpoints';
import { auditLedgerSince } from '#shared/audit/audit-incremental';
import { purchaseTransactionId } from '#shared/ledger/purchases';
import {
  createTestLedger,
  expectLedgerInvariants,
  fundedUsers,
  type TestLedger,
} from '#test/support/ledger-fixture';
import { plantRecord } from '#test/support/planted-records';

const settle = { settleDelaysMs: [20, 300, 300] };

describe('the incremental audit', () => {
  let t: TestLedger;
  let since: string;

  beforeEach(async () => {
    t = await createTestLedger({ totalAmount: 1_000_000, reserveShards: 4 });
    await fundedUsers(
      t,
      Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`old-${i}`, 100])),
    );
    await fundedUsers(t, { alice: 500, bob: 0 });
    await new Promise((resolve) => setTimeout(resolve, 5));
    since = new Date().toISOString();
  });

  afterEach(async () => {
    await t.destroy();
  });

  it('verifies only the wallets that moved since its checkpoint', async () => {
    await t.ledger.transfer({ from: 'alice', to: 'bob', amount: 40 });
    await t.ledger.transfer({ from: 'alice', to: 'bob', amount: 2 });

    const report = await auditLedgerSince(t.ledger.context, since, settle);

    expect(report).toMatchObject({ ok: true, breaches: [], walletsVerified: 2, fromCheckpoint: 0 });
    await expectLedgerInvariants(t);
  });

  it('verifies the reserve shards a mint since the checkpoint moved', async () => {
    await t.ledger.mint({ to: 'bob', amount: 7, type: 'giveaway' });

    const report = await auditLedgerSince(t.ledger.context, since, settle);

    expect(report).toMatchObject({ ok: true, walletsVerified: 2, mintedAmount: 1_707 });
  });

  it('names both wallets of a record without its balance change, one of which moved since', async () => {
    await t.ledger.transfer({ from: 'alice', to: 'old-0', amount: 10 });
    await plantRecord(t, {
      transaction_id: 'transfer_planted',
      from_user_id: 'alice',
      to_user_id: 'bob',
      amount: 5,
    });

    const report = await auditLedgerSince(t.ledger.context, since, settle);

    expect([...report.breaches].sort()).toEqual([
      'wallet alice: balance 490, its history gives 485',
      'wallet bob: balance 0, its history gives 5',
    ]);
    expect(report.walletsVerified).toBe(3);
  });

  it('names a wallet a record since names that does not exist', async () => {
    await t.ledger.transfer({ from: 'alice', to: 'old-0', amount: 10 });
    await plantRecord(t, {
      transaction_id: 'transfer_to_nobody',
      from_user_id: 'alice',
      to_user_id: 'nobody',
      amount: 1,
    });

    const report = await auditLedgerSince(t.ledger.context, since, settle);

    expect([...report.breaches].sort()).toEqual([
      'transaction transfer_to_nobody: wallet nobody does not exist',
      'wallet alice: balance 490, its history gives 489',
    ]);
  });

  it('leaves a record planted between two wallets that did not move to the full audit', async () => {
    await plantRecord(t, {
      transaction_id: 'transfer_between_quiet',
      from_user_id: 'old-0',
      to_user_id: 'old-1',
      amount: 5,
    });

    const incremental = await auditLedgerSince(t.ledger.context, since, settle);
    const full = await t.audit();

    expect(incremental).toMatchObject({ ok: true, walletsVerified: 0 });
    expect([...full.breaches].sort()).toEqual([
      'wallet old-0: balance 100, its history gives 95',
      'wallet old-1: balance 100, its history gives 105',
    ]);
  });

  it('names a coin added to a wallet that moved since, and leaves the others alone', async () => {
    await t.ledger.transfer({ from: 'alice', to: 'bob', amount: 10 });
    await t.db.send(
      new UpdateCommand({
        TableName: t.tables.wallets,
        Key: { user_id: 'bob' },
        UpdateExpression: 'SET balance = balance + :one',
        ExpressionAttributeValues: { ':one': 1 },
      }),
    );

    const report = await auditLedgerSince(t.ledger.context, since, settle);

    expect(report.breaches).toEqual(['wallet bob: balance 11, its history gives 10']);
    expect(report.walletsVerified).toBe(2);
  });

  it('names a Checkout Session credited twice since, by the records it reads', async () => {
    const own = purchaseTransactionId('cs_twice');
    await t.ledger.mint({
      to: 'bob',
      amount: 9,
      type: 'purchase',
      referenceId: 'cs_twice',
      transactionId: own,
    });
    const again = await t.ledger.mint({
      to: 'bob',
      amount: 9,
      type: 'purchase',
      referenceId: 'cs_twice',
      idempotency: { owner: 'elsewhere', key: 'cs_twice' },
    });

    const report = await auditLedgerSince(t.ledger.context, since, settle);

    const ids = [own, again.transaction.transactionId].sort().join(', ');
    expect(report.breaches).toEqual([`checkout session cs_twice credited 2 times: ${ids}`]);
  });

  it('hands the next audit a checkpoint a safe margin before its own start', async () => {
    const before = Date.now();

    const { checkpoint } = await auditLedgerSince(t.ledger.context, since, settle);

    const at = Date.parse(checkpoint);
    expect(at).toBeGreaterThanOrEqual(before - CHECKPOINT_MARGIN_MS);
    expect(at).toBeLessThanOrEqual(Date.now() - CHECKPOINT_MARGIN_MS);
  });
});
