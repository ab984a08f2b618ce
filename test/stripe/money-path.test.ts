import Stripe from 'stripe';
import { defaultLedger } from '#shared/ledger/ledger';
import { stripeRuntime } from '#shared/stripe/runtime';
import {
  API_BASE_PATH,
  defaultBundle,
  expectInvariants,
  paidSession,
  type StripeTestSystem,
  startStripeTestSystem,
  stripeEvent,
} from '#test/stripe/harness';
import {
  deleteItem,
  getPurchase,
  metricsDuring,
  openPurchase,
  payQuietly,
  refundsOf,
  stripeClient,
} from '#test/stripe/purchase-support';
import { injectFaults, TRANSACT_WRITE } from '#test/support/faults';

const BUNDLE = defaultBundle('coins-500');

describe('every paid Checkout Session ends credited or refunded', () => {
  let t: StripeTestSystem;

  beforeAll(async () => {
    t = await startStripeTestSystem();
  });

  afterAll(async () => {
    await t?.stop();
  });

  afterEach(async () => {
    await t.stripe.settled();
    await expectInvariants(t);
  });

  describe('a buyer whose wallet is missing', () => {
    it('gets a wallet from POST /purchase before the session is opened', async () => {
      const { userId, token } = await t.signUp();
      await deleteItem(t, 'wallets', { user_id: userId });

      await openPurchase(t, token, BUNDLE.id);

      const balance = await t.request('GET', `${API_BASE_PATH}/balance`, { token });
      expect(balance.status).toBe(200);
      expect(balance.body).toEqual({ userId, balance: 0, held: 0 });
    });

    it('is credited when the wallet disappeared between checkout and payment', async () => {
      const { userId, token } = await t.signUp();
      const sessionId = await openPurchase(t, token, BUNDLE.id);
      await deleteItem(t, 'wallets', { user_id: userId });

      const { delivery } = await t.stripe.pay(sessionId);

      expect(delivery?.status).toBe(200);
      expect(JSON.parse(delivery?.body ?? '{}')).toMatchObject({ outcome: 'credited' });
      expect(await t.balance(userId)).toBe(BUNDLE.coins);
    });
  });

  describe('GET /purchases/{sessionId}', () => {
    it('is pending from the moment POST /purchase opened the session', async () => {
      const { token } = await t.signUp();
      const sessionId = await openPurchase(t, token, BUNDLE.id);

      const answer = await getPurchase(t, token, sessionId);

      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({
        sessionId,
        status: 'pending',
        bundleId: BUNDLE.id,
        coins: BUNDLE.coins,
      });
    });

    it('is credited, naming the purchase transaction, once the payment is credited', async () => {
      const { token } = await t.signUp();
      const sessionId = await openPurchase(t, token, BUNDLE.id);

      await t.stripe.pay(sessionId);

      const answer = await getPurchase(t, token, sessionId);
      const [purchase] = await t.history(token);
      expect(answer.body).toEqual({
        sessionId,
        status: 'credited',
        bundleId: BUNDLE.id,
        coins: BUNDLE.coins,
        transactionId: purchase?.transactionId,
      });
      expect(purchase).toMatchObject({ transactionType: 'purchase', referenceId: sessionId });
    });

    it('credits a paid session whose pending purchase was never written, and reports it', async () => {
      const { userId, token } = await t.signUp();
      const sessionId = await openPurchase(t, token, BUNDLE.id);
      // As if POST /purchase had died between Stripe's answer and its own write.
      await deleteItem(t, 'purchases', { session_id: sessionId });

      await t.stripe.pay(sessionId);

      expect(await t.balance(userId)).toBe(BUNDLE.coins);
      expect((await getPurchase(t, token, sessionId)).body).toMatchObject({
        status: 'credited',
        coins: BUNDLE.coins,
      });
    });

    it('answers 404 NOT_FOUND for a made-up session and for another user’s purchase', async () => {
      const buyer = await t.signUp();
      const other = await t.signUp();
      const sessionId = await openPurchase(t, buyer.token, BUNDLE.id);

      const answers = [
        await getPurchase(t, buyer.token, 'cs_test_made_up_by_hand'),
        await getPurchase(t, other.token, sessionId),
      ];

      for (const answer of answers) {
        expect(answer.status).toBe(404);
        expect(answer.body).toMatchObject({ error: { code: 'NOT_FOUND' } });
      }
    });

    it('answers 400 for a path that is not a session id, and 401 without a token', async () => {
      const { token } = await t.signUp();

      const malformed = await getPurchase(t, token, 'cs test; drop');
      const anonymous = await t.request('GET', `${API_BASE_PATH}/purchases/cs_test_1`);

      expect(malformed.status).toBe(400);
      expect(malformed.body).toMatchObject({ error: { code: 'VALIDATION_ERROR' } });
      expect(anonymous.status).toBe(401);
    });

    it('stays credited when Stripe refunds the purchase later; the refund is in the history', async () => {
      const { userId, token } = await t.signUp();
      const sessionId = await openPurchase(t, token, BUNDLE.id);
      await t.stripe.pay(sessionId);

      const { delivery } = await t.stripe.refund(sessionId);

      expect(delivery.status).toBe(200);
      expect(await t.balance(userId)).toBe(0);
      expect((await getPurchase(t, token, sessionId)).body).toMatchObject({ status: 'credited' });
      expect((await t.history(token)).map((tx) => tx.transactionType)).toEqual([
        'refund',
        'purchase',
      ]);
    });
  });

  it('never refunds a credited session redelivered on terms that no longer hold', async () => {
    const { userId, token } = await t.signUp();
    const sessionId = await openPurchase(t, token, BUNDLE.id);
    const paid = await payQuietly(t, sessionId);
    await t.deliver(stripeEvent('checkout.session.completed', paid));
    // Credited before purchases were recorded: no purchase item, only the ledger's record.
    await deleteItem(t, 'purchases', { session_id: sessionId });
    const withdrawn = { ...paid, metadata: { userId, bundleId: 'coins-withdrawn', coins: '500' } };

    const answer = await t.deliver(stripeEvent('checkout.session.completed', withdrawn));

    expect(answer.body.outcome).toBe('already-credited');
    expect((await refundsOf(t, sessionId)).refunds).toEqual([]);
    expect(await t.balance(userId)).toBe(BUNDLE.coins);
  });

  describe('transient failures answer 5xx; the retry settles the session', () => {
    it('answers 500 while DynamoDB is unreachable, and credits once when it is back', async () => {
      const { userId, token } = await t.signUp();
      const sessionId = await openPurchase(t, token, BUNDLE.id);
      const event = stripeEvent('checkout.session.completed', await payQuietly(t, sessionId));
      let unreachable = true;
      injectFaults(defaultLedger().context.db, (command) =>
        unreachable && command === TRANSACT_WRITE ? 'throttle' : undefined,
      );

      const during = await t.deliver(event);
      unreachable = false;
      const retried = await t.deliver(event);

      expect(during.status).toBe(500);
      expect(retried.status).toBe(200);
      expect(retried.body.outcome).toBe('credited');
      expect(await t.balance(userId)).toBe(BUNDLE.coins);
    });

    it('answers 500 while Stripe is unreachable for a refund, and refunds once when it is back', async () => {
      const { userId, token } = await t.signUp();
      const sessionId = await openPurchase(t, token, BUNDLE.id);
      const paid = await payQuietly(t, sessionId);
      // Paid 1 cent less than the price: never creditable.
      const event = stripeEvent('checkout.session.completed', {
        ...paid,
        amount_total: BUNDLE.priceCents - 1,
      });
      const { stripe } = await stripeRuntime();
      const create = jest
        .spyOn(stripe.refunds, 'create')
        .mockRejectedValueOnce(
          new Stripe.errors.StripeConnectionError({ message: 'connect ECONNREFUSED (injected)' }),
        );

      const during = await t.deliver(event);
      const retried = await t.deliver(event);
      const again = await t.deliver(event);

      expect([during.status, retried.status, again.status]).toEqual([500, 200, 200]);
      // Both attempts asked Stripe with the key derived from the session: one refund at most.
      expect(create.mock.calls.map(([, options]) => options?.idempotencyKey)).toEqual([
        `daswos-refund-${sessionId}`,
        `daswos-refund-${sessionId}`,
      ]);
      create.mockRestore();
      expect([retried.body.outcome, again.body.outcome]).toEqual(['refunded', 'already-refunded']);
      const { refunds } = await refundsOf(t, sessionId);
      expect(refunds).toHaveLength(1);
      expect(refunds[0]?.amount).toBe(BUNDLE.priceCents);
      expect(await t.balance(userId)).toBe(0);
      expect((await getPurchase(t, token, sessionId)).body).toMatchObject({
        status: 'refunded',
        refundReason: 'terms-mismatch',
      });
    });
  });

  describe('signed events no retry can process answer 2xx, are logged and counted', () => {
    it('a signed body that is not JSON', async () => {
      const payload = '{"id": "evt_cut_short", "type":';

      const { result, lines } = await metricsDuring(() => t.postWebhook(payload, t.sign(payload)));

      expect(result.status).toBe(200);
      expect(result.body).toEqual({ received: true, outcome: 'malformed' });
      expect(lines).toContainEqual(expect.objectContaining({ MalformedStripeEvents: 1 }));
    });

    it('a checkout session without the fields fulfilment reads', async () => {
      const { userId } = await t.signUp();
      const { mode: _mode, ...incomplete } = paidSession(userId, BUNDLE);
      const event = stripeEvent('checkout.session.completed', incomplete);

      const { result, lines } = await metricsDuring(() => t.deliver(event));

      expect(result.status).toBe(200);
      expect(result.body).toEqual({ received: true, outcome: 'malformed' });
      expect(lines).toContainEqual(
        expect.objectContaining({
          MalformedStripeEvents: 1,
          eventId: event.id,
          _aws: expect.objectContaining({
            CloudWatchMetrics: [
              expect.objectContaining({
                Metrics: [{ Name: 'MalformedStripeEvents', Unit: 'Count' }],
              }),
            ],
          }),
        }),
      );
      expect(await t.balance(userId)).toBe(0);
    });

    it('an event with no data object', async () => {
      const payload = JSON.stringify({
        id: 'evt_without_data',
        type: 'checkout.session.completed',
      });

      const { result, lines } = await metricsDuring(() => t.postWebhook(payload, t.sign(payload)));

      expect(result.status).toBe(200);
      expect(result.body.outcome).toBe('malformed');
      expect(lines).toContainEqual(
        expect.objectContaining({ MalformedStripeEvents: 1, eventId: 'evt_without_data' }),
      );
    });

    it('a refund Stripe refuses (a payment it has never seen)', async () => {
      const { userId } = await t.signUp();
      const forged = paidSession(userId, BUNDLE, { amount_total: 1 });

      const { result, lines } = await metricsDuring(() =>
        t.deliver(stripeEvent('checkout.session.completed', forged)),
      );

      expect(result.status).toBe(200);
      expect(result.body.outcome).toBe('unprocessable');
      expect(lines).toContainEqual(expect.objectContaining({ UnprocessableStripeEvents: 1 }));
      expect(await t.balance(userId)).toBe(0);
    });
  });

  describe('the stand-in’s Refunds API', () => {
    it('refunds once per idempotency key and sends charge.refunded after answering', async () => {
      const { token } = await t.signUp();
      const sessionId = await openPurchase(t, token, BUNDLE.id);
      const paid = await payQuietly(t, sessionId);
      const stripe = stripeClient(t);
      const params = { payment_intent: String(paid.payment_intent) };

      const first = await stripe.refunds.create(params, { idempotencyKey: 'refund-key-1' });
      const repeat = await stripe.refunds.create(params, { idempotencyKey: 'refund-key-1' });
      await expect(
        stripe.refunds.create(params, { idempotencyKey: 'refund-key-2' }),
      ).rejects.toMatchObject({ code: 'charge_already_refunded' });
      await t.stripe.settled();

      expect(repeat.id).toBe(first.id);
      expect(first).toMatchObject({ object: 'refund', amount: BUNDLE.priceCents });
      expect((await refundsOf(t, sessionId)).refunds).toHaveLength(1);
      const delivered = t.stripe.laterDeliveries.filter((d) => d.type === 'charge.refunded');
      expect(delivered.at(-1)?.status).toBe(200);
    });
  });
});
