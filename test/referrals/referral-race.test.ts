import { createDocumentClient } from '#shared/dynamo/client';
import { createLedgerContext } from '#shared/ledger/context';
import { PURCHASE_IDEMPOTENCY_OWNER } from '#shared/ledger/purchases';
import { firstPurchaseCompanion } from '#shared/referrals/profile';
import { createReferrals } from '#shared/referrals/referrals';
import { createTestLedger, dynamoEndpoint, type TestLedger } from '#test/support/ledger-fixture';

/**
 * A full refund that lands between the bonus's read of the referee's profile and its write: only
 * the condition inside the bonus's own transaction can refuse it then.
 */
describe('a referral bonus racing the full refund of its purchase', () => {
  let t: TestLedger;
  let refundBeforeNextWrite: (() => Promise<unknown>) | undefined;

  beforeAll(async () => {
    t = await createTestLedger({
      totalAmount: 10_000,
      instrument: (db) =>
        db.middlewareStack.add(
          (next, context) => async (args) => {
            if (context.commandName === 'TransactWriteItemsCommand' && refundBeforeNextWrite) {
              const refund = refundBeforeNextWrite;
              refundBeforeNextWrite = undefined;
              await refund();
            }
            return next(args);
          },
          { step: 'initialize', name: 'refund-in-between' },
        ),
    });
  });

  afterAll(async () => {
    await t.destroy();
  });

  it('pays neither bonus once the refund has closed the door', async () => {
    const ctx = t.ledger.context;
    const referrals = createReferrals(ctx);
    await t.ledger.createWallet('carol');
    await t.ledger.createWallet('dave');
    await referrals.claim('dave', (await referrals.summary('carol')).code);
    await t.ledger.mint({
      to: 'dave',
      amount: 100,
      type: 'purchase',
      referenceId: 'cs_race',
      idempotency: { owner: PURCHASE_IDEMPOTENCY_OWNER, key: 'cs_race' },
      companions: [firstPurchaseCompanion(ctx, 'dave', 'cs_race')],
    });
    // The refund runs on its own client (another Lambda), after the bonus has read the profile.
    const refunder = createReferrals(
      createLedgerContext({
        db: createDocumentClient({ endpoint: dynamoEndpoint() }),
        tables: t.tables,
      }),
    );
    refundBeforeNextWrite = () => refunder.reverse('dave', 'cs_race');

    const outcome = await referrals.award('dave', 'cs_race');

    expect(outcome).toEqual({ status: 'awarded', referee: 'not-due', referrer: 'not-due' });
    expect(await t.ledger.getBalance('dave')).toBe(100);
    expect(await t.ledger.getBalance('carol')).toBe(0);
    expect((await t.audit()).breaches).toEqual([]);
  });
});
