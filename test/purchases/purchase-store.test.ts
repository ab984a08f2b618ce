import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { auditLedger } from '#shared/audit/audit-ledger';
import { purchaseTransactionId } from '#shared/ledger/purchases';
import { PurchaseNotFoundError, PurchaseRefundedError } from '#shared/purchases/errors';
import {
  creditedCompanion,
  decideRefund,
  getPurchaseOf,
  recordPendingPurchase,
  recordRefundId,
} from '#shared/purchases/purchase-store';
import {
  createTestLedger,
  expectLedgerInvariants,
  type TestLedger,
} from '#test/support/ledger-fixture';

/**
 * The purchase life cycle against DynamoDB Local: `credited` and `refunded` exclude each other,
 * whichever comes first, and nothing sets a decided purchase back to pending.
 */
describe('purchase life cycle', () => {
  let t: TestLedger;
  let sequence = 0;

  beforeAll(async () => {
    t = await createTestLedger({ totalAmount: 100_000 });
  });

  afterAll(async () => {
    await t.destroy();
  });

  afterEach(async () => {
    await expectLedgerInvariants(t);
  });

  async function buyer() {
    sequence += 1;
    const userId = `buyer-${sequence}`;
    await t.ledger.createWallet(userId);
    const terms = {
      sessionId: `cs_test_store_${sequence}`,
      userId,
      bundleId: 'coins-100',
      coins: 100,
    };
    return terms;
  }

  function credit(terms: Awaited<ReturnType<typeof buyer>>) {
    return t.ledger.mint({
      to: terms.userId,
      amount: terms.coins,
      type: 'purchase',
      referenceId: terms.sessionId,
      idempotency: { owner: 'stripe-checkout', key: terms.sessionId },
      companions: [
        creditedCompanion(t.ledger.context, {
          ...terms,
          transactionId: purchaseTransactionId(terms.sessionId),
        }),
      ],
    });
  }

  const item = async (sessionId: string) =>
    (
      await t.db.send(
        new GetCommand({ TableName: t.tables.purchases, Key: { session_id: sessionId } }),
      )
    ).Item;

  it('credits a pending purchase and its coins in one transaction', async () => {
    const terms = await buyer();
    await recordPendingPurchase(t.ledger.context, terms);

    await credit(terms);

    expect(await getPurchaseOf(t.ledger.context, terms.userId, terms.sessionId)).toEqual({
      sessionId: terms.sessionId,
      status: 'credited',
      bundleId: 'coins-100',
      coins: 100,
      transactionId: purchaseTransactionId(terms.sessionId),
    });
    expect(await t.ledger.getBalance(terms.userId)).toBe(100);
  });

  it('never credits a purchase decided refunded: the mint is cancelled with it', async () => {
    const terms = await buyer();
    await recordPendingPurchase(t.ledger.context, terms);
    await decideRefund(t.ledger.context, { ...terms, reason: 'sold-out' });
    const minted = (await t.ledger.getSupply()).mintedAmount;

    await expect(credit(terms)).rejects.toBeInstanceOf(PurchaseRefundedError);

    expect(await t.ledger.getBalance(terms.userId)).toBe(0);
    expect((await t.ledger.getSupply()).mintedAmount).toBe(minted);
    expect(await t.ledger.getPurchase(terms.sessionId)).toBeUndefined();
  });

  it('never decides a credited purchase refunded', async () => {
    const terms = await buyer();
    await credit(terms);

    const decision = await decideRefund(t.ledger.context, { ...terms, reason: 'terms-mismatch' });

    expect(decision).toEqual({ status: 'credited' });
    expect(await item(terms.sessionId)).toMatchObject({ status: 'credited' });
    expect(await item(terms.sessionId)).not.toHaveProperty('refund_reason');
  });

  it('keeps the first refund reason and answers the recorded refund id on a repeated decision', async () => {
    const terms = await buyer();
    await decideRefund(t.ledger.context, { ...terms, reason: 'sold-out' });
    await recordRefundId(t.ledger.context, terms.sessionId, 're_test_1');

    const again = await decideRefund(t.ledger.context, { ...terms, reason: 'terms-mismatch' });

    expect(again).toEqual({ status: 'refunded', refundId: 're_test_1' });
    expect(await getPurchaseOf(t.ledger.context, terms.userId, terms.sessionId)).toMatchObject({
      status: 'refunded',
      refundReason: 'sold-out',
    });
  });

  it('never sets a decided purchase back to pending (a retried POST /purchase)', async () => {
    const terms = await buyer();
    await credit(terms);

    await recordPendingPurchase(t.ledger.context, terms);

    expect(await item(terms.sessionId)).toMatchObject({ status: 'credited' });
  });

  it('shows a purchase to its buyer only', async () => {
    const terms = await buyer();
    await recordPendingPurchase(t.ledger.context, terms);

    await expect(
      getPurchaseOf(t.ledger.context, 'someone-else', terms.sessionId),
    ).rejects.toBeInstanceOf(PurchaseNotFoundError);
    await expect(
      getPurchaseOf(t.ledger.context, terms.userId, 'cs_test_never_opened'),
    ).rejects.toBeInstanceOf(PurchaseNotFoundError);
  });

  describe('the audit names a purchase whose status contradicts the ledger', () => {
    it.each([
      ['credited without its transaction', 'credited'],
      ['refunded although credited', 'refunded'],
    ] as const)('%s', async (_name, status) => {
      const terms = await buyer();
      await credit(terms);
      const forged =
        status === 'credited'
          ? { session_id: `${terms.sessionId}_forged`, transaction_id: 'purchase_none' }
          : { session_id: terms.sessionId };
      const original = await item(terms.sessionId);
      await t.db.send(
        new PutCommand({
          TableName: t.tables.purchases,
          Item: { ...original, ...forged, status },
        }),
      );

      const report = await auditLedger(t.ledger.context);

      expect(report.breaches).toEqual([expect.stringContaining(`purchase ${forged.session_id}:`)]);
      if (status === 'credited') {
        await t.db.send(
          new DeleteCommand({
            TableName: t.tables.purchases,
            Key: { session_id: forged.session_id },
          }),
        );
      } else {
        await t.db.send(new PutCommand({ TableName: t.tables.purchases, Item: original }));
      }
    });
  });
});
