import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { auditLedger } from '#shared/audit/audit-ledger';
import { allowanceTransactionId } from '#shared/subscriptions/allowance-id';
import { InvoiceRefundedError } from '#shared/subscriptions/errors';
import {
  decideInvoiceRefund,
  invoiceCreditedCompanion,
  readInvoiceItem,
} from '#shared/subscriptions/invoice-store';
import { subscriptionKey, userKey } from '#shared/subscriptions/subscription';
import { writeSubscriptionState } from '#shared/subscriptions/subscription-store';
import {
  createTestLedger,
  expectLedgerInvariants,
  type TestLedger,
} from '#test/support/ledger-fixture';

/**
 * A subscription invoice against DynamoDB Local: `credited` (with its allowance, in one
 * transaction) and `refunded` exclude each other whichever comes first, and the audit names
 * every way the invoices and subscriptions could disagree with the ledger.
 */
describe('subscription invoices and the audit', () => {
  let t: TestLedger;
  let sequence = 0;

  beforeAll(async () => {
    t = await createTestLedger({ totalAmount: 100_000 });
  });

  afterAll(async () => {
    await t.destroy();
  });

  async function subscriber() {
    sequence += 1;
    const userId = `subscriber-${sequence}`;
    await t.ledger.createWallet(userId);
    return {
      invoiceId: `in_store_${sequence}`,
      subscriptionId: `sub_store_${sequence}`,
      userId,
      planId: 'plan-basic',
      coins: 1000,
    };
  }

  function credit(terms: Awaited<ReturnType<typeof subscriber>>, companion = true) {
    return t.ledger.mint({
      to: terms.userId,
      amount: terms.coins,
      type: 'subscription',
      referenceId: terms.invoiceId,
      idempotency: { owner: 'stripe-invoice', key: terms.invoiceId },
      companions: companion
        ? [
            invoiceCreditedCompanion(t.ledger.context, {
              ...terms,
              transactionId: allowanceTransactionId(terms.invoiceId),
            }),
          ]
        : [],
    });
  }

  describe('exclusive outcomes', () => {
    afterEach(async () => {
      await expectLedgerInvariants(t);
    });

    it('keeps a credited invoice from being decided refunded', async () => {
      const terms = await subscriber();
      await credit(terms);

      const decision = await decideInvoiceRefund(t.ledger.context, {
        ...terms,
        reason: 'terms-mismatch',
      });

      expect(decision).toEqual({ status: 'credited' });
      expect(await readInvoiceItem(t.ledger.context, terms.invoiceId)).toMatchObject({
        status: 'credited',
        transaction_id: allowanceTransactionId(terms.invoiceId),
      });
    });

    it('never credits an invoice decided refunded, and mints nothing', async () => {
      const terms = await subscriber();
      await decideInvoiceRefund(t.ledger.context, { ...terms, reason: 'terms-mismatch' });

      await expect(credit(terms)).rejects.toBeInstanceOf(InvoiceRefundedError);
      expect(await t.ledger.getBalance(terms.userId)).toBe(0);
    });

    it('answers a replayed allowance as a replay, not as a refused companion', async () => {
      const terms = await subscriber();
      await credit(terms);

      const again = await credit(terms);

      expect(again.replayed).toBe(true);
    });

    it('never sets a canceled subscription back to active', async () => {
      const terms = await subscriber();
      const state = {
        subscriptionId: terms.subscriptionId,
        userId: terms.userId,
        planId: terms.planId,
        currentPeriodEnd: null,
        cancelAtPeriodEnd: false,
      };
      await writeSubscriptionState(t.ledger.context, { ...state, status: 'canceled' });

      const late = await writeSubscriptionState(t.ledger.context, { ...state, status: 'active' });

      expect(late).toBe('already-canceled');
    });
  });

  describe('the audit names what contradicts the ledger', () => {
    // Each case breaks its own ledger on purpose.
    let broken: TestLedger;
    beforeEach(async () => {
      broken = t;
      t = await createTestLedger({ totalAmount: 100_000 });
    });
    afterEach(async () => {
      await t.destroy();
      t = broken;
    });

    const put = (item: Record<string, unknown>) =>
      t.db.send(new PutCommand({ TableName: t.tables.subscriptions, Item: item }));

    it.each([
      ['an invoice credited without its allowance', 'credited'],
      ['an invoice refunded although credited', 'refunded'],
    ] as const)('%s', async (_name, status) => {
      const terms = await subscriber();
      await credit(terms);
      const original = await readInvoiceItem(t.ledger.context, terms.invoiceId);
      const invoiceId = status === 'credited' ? `${terms.invoiceId}_forged` : terms.invoiceId;
      await put({ ...original, id: `invoice#${invoiceId}`, invoice_id: invoiceId, status });

      const report = await auditLedger(t.ledger.context);

      expect(report.breaches).toContainEqual(
        expect.stringContaining(`invoice ${invoiceId}: ${status}, but`),
      );
      for (const breach of report.breaches) expect(breach).toContain(`invoice ${invoiceId}`);
    });

    it('an allowance without its invoice item, and an invoice credited twice', async () => {
      const terms = await subscriber();
      await credit(terms, false);
      await t.ledger.mint({
        to: terms.userId,
        amount: terms.coins,
        type: 'subscription',
        referenceId: terms.invoiceId,
      });

      const report = await auditLedger(t.ledger.context);

      expect(report.breaches).toEqual([
        expect.stringContaining(`invoice ${terms.invoiceId} credited 2 times`),
        expect.stringContaining(`invoice ${terms.invoiceId}: credited in the ledger without`),
      ]);
    });

    it("a user whose current subscription is someone else's", async () => {
      const terms = await subscriber();
      await writeSubscriptionState(t.ledger.context, {
        subscriptionId: terms.subscriptionId,
        userId: terms.userId,
        planId: terms.planId,
        status: 'active',
        currentPeriodEnd: null,
        cancelAtPeriodEnd: false,
      });
      await put({
        id: userKey('someone-else'),
        kind: 'user',
        user_id: 'someone-else',
        subscription_id: terms.subscriptionId,
        updated_at: new Date().toISOString(),
      });

      const report = await auditLedger(t.ledger.context);

      expect(report.breaches).toEqual([
        `user someone-else: current subscription ${terms.subscriptionId} is not theirs`,
      ]);
      expect(subscriptionKey(terms.subscriptionId)).toBe(`subscription#${terms.subscriptionId}`);
    });
  });
});
