import { lambdaContext, proxyEvent } from '#infra/local/lambda-events';
import type { RefundReason } from '#shared/purchases/purchase';
import {
  API_BASE_PATH,
  defaultBundle,
  expectInvariants,
  fixture,
  paidSession,
  type StripeTestSystem,
  startStripeTestSystem,
  stripeEvent,
} from '#test/stripe/harness';
import {
  getPurchase,
  metricsDuring,
  openPurchase,
  payQuietly,
  refundsOf,
} from '#test/stripe/purchase-support';

const BUNDLE = defaultBundle('coins-1000');

describe('POST /webhook: Checkout fulfilment', () => {
  let t: StripeTestSystem;

  beforeAll(async () => {
    t = await startStripeTestSystem();
  });

  afterAll(async () => {
    await t?.stop();
  });

  afterEach(async () => {
    await expectInvariants(t);
  });

  async function minted(): Promise<number> {
    return Number((await t.request('GET', `${API_BASE_PATH}/supply`)).body.mintedAmount);
  }

  it('credits the catalogue coins once, as a purchase referencing the session and its PaymentIntent', async () => {
    const { userId, token } = await t.signUp();
    const session = paidSession(userId, BUNDLE);
    const mintedBefore = await minted();

    const answer = await t.deliver(stripeEvent('checkout.session.completed', session));

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ received: true, outcome: 'credited' });
    expect(await t.balance(userId)).toBe(BUNDLE.coins);
    expect(await minted()).toBe(mintedBefore + BUNDLE.coins);
    expect(await t.history(token)).toEqual([
      expect.objectContaining({
        transactionType: 'purchase',
        fromUserId: '0',
        toUserId: userId,
        amount: BUNDLE.coins,
        referenceId: session.id,
      }),
    ]);
    const purchase = await t.ledger.getPurchase(String(session.id));
    expect(purchase?.payment_intent_id).toBe(session.payment_intent);
  });

  it('credits 20 concurrent copies of one delivery once', async () => {
    const { userId, token } = await t.signUp();
    const payload = JSON.stringify(
      stripeEvent('checkout.session.completed', paidSession(userId, BUNDLE)),
    );
    const signature = t.sign(payload);

    const answers = await Promise.all(
      Array.from({ length: 20 }, () => t.postWebhook(payload, signature)),
    );

    expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(200));
    const outcomes = answers.map((answer) => answer.body.outcome);
    expect(outcomes.filter((outcome) => outcome === 'credited')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === 'already-credited')).toHaveLength(19);
    expect(await t.balance(userId)).toBe(BUNDLE.coins);
    expect(await t.history(token)).toHaveLength(1);
  });

  it('credits completed and async_payment_succeeded of one session once, concurrently and in any order', async () => {
    const { userId, token } = await t.signUp();
    const session = paidSession(userId, BUNDLE);
    const events = [
      stripeEvent('checkout.session.async_payment_succeeded', session),
      stripeEvent('checkout.session.completed', session),
    ];

    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => t.deliver(events[i % 2] ?? {})),
    );

    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    expect(await t.balance(userId)).toBe(BUNDLE.coins);
    expect(await t.history(token)).toHaveLength(1);
  });

  it('credits nothing for an unpaid completion, and credits its async success', async () => {
    const { userId } = await t.signUp();
    const unpaid = paidSession(userId, BUNDLE, { payment_status: 'unpaid' });

    const completed = await t.deliver(stripeEvent('checkout.session.completed', unpaid));
    expect(completed.body).toEqual({ received: true, outcome: 'not-paid' });
    expect(await t.balance(userId)).toBe(0);

    const succeeded = await t.deliver(
      stripeEvent('checkout.session.async_payment_succeeded', {
        ...unpaid,
        payment_status: 'paid',
      }),
    );
    expect(succeeded.body).toEqual({ received: true, outcome: 'credited' });
    expect(await t.balance(userId)).toBe(BUNDLE.coins);
  });

  it('answers 2xx to event types it does not handle, and changes nothing', async () => {
    const before = await minted();

    const answer = await t.deliver(fixture('event'));

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ received: true, outcome: 'ignored' });
    expect(await minted()).toBe(before);
  });

  describe('paid sessions the catalogue does not back are refunded once, never credited', () => {
    const cases: [string, RefundReason, (userId: string) => Record<string, unknown>][] = [
      ['a different amount', 'terms-mismatch', () => ({ amount_total: BUNDLE.priceCents - 1 })],
      ['a different currency', 'terms-mismatch', () => ({ currency: 'eur' })],
      [
        'inflated metadata coins',
        'terms-mismatch',
        (userId) => ({ metadata: { userId, bundleId: BUNDLE.id, coins: '1000000' } }),
      ],
      [
        'a bundle no longer in the catalogue',
        'bundle-unavailable',
        (userId) => ({ metadata: { userId, bundleId: 'coins-999999', coins: '999999' } }),
      ],
      ['subscription mode', 'terms-mismatch', () => ({ mode: 'subscription' })],
      [
        'another user in client_reference_id',
        'buyer-mismatch',
        () => ({ client_reference_id: 'someone-else' }),
      ],
      [
        'no user in the metadata',
        'buyer-mismatch',
        () => ({ metadata: { bundleId: BUNDLE.id, coins: String(BUNDLE.coins) } }),
      ],
      ['no amount', 'terms-mismatch', () => ({ amount_total: null })],
    ];

    it.each(cases)('%s', async (_name, reason, overrides) => {
      const { userId, token } = await t.signUp();
      const before = await minted();
      const sessionId = await openPurchase(t, token, BUNDLE.id);
      const session = { ...(await payQuietly(t, sessionId)), ...overrides(userId) };

      const { result: answers, lines } = await metricsDuring(async () => [
        await t.deliver(stripeEvent('checkout.session.completed', session)),
        await t.deliver(stripeEvent('checkout.session.async_payment_succeeded', session)),
      ]);
      await t.stripe.settled();

      expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
      expect(answers.map((answer) => answer.body.outcome)).toEqual([
        'refunded',
        'already-refunded',
      ]);
      const { charge, refunds } = await refundsOf(t, sessionId);
      expect(refunds).toHaveLength(1);
      expect(charge.amount_refunded).toBe(charge.amount);
      expect(lines.filter((line) => line.RefundedUncreditable === 1)).toHaveLength(1);
      expect((await getPurchase(t, token, sessionId)).body).toMatchObject({
        status: 'refunded',
        refundReason: reason,
      });
      // Stripe's charge.refunded for it finds no credited purchase and takes nothing back.
      const refundEvent = t.stripe.laterDeliveries.at(-1);
      expect(refundEvent?.type).toBe('charge.refunded');
      expect(refundEvent?.status).toBe(200);
      expect(JSON.parse(refundEvent?.body ?? '{}').outcome).toBe('no-purchase');
      expect(await t.balance(userId)).toBe(0);
      expect(await t.history(token)).toEqual([]);
      expect(await minted()).toBe(before);
    });

    it('leaves alone a paid session that is not a coin purchase', async () => {
      const { userId } = await t.signUp();
      const other = paidSession(userId, BUNDLE, { metadata: { orderId: 'order-7' } });

      const answer = await t.deliver(stripeEvent('checkout.session.completed', other));

      expect(answer.body).toEqual({ received: true, outcome: 'not-a-coin-purchase' });
      expect(await t.balance(userId)).toBe(0);
    });
  });

  describe('requests without a valid signature answer 400 and change nothing', () => {
    type Forge = (
      original: string,
      sign: StripeTestSystem['sign'],
    ) => { payload: string; header?: string };
    const cases: [string, Forge][] = [
      ['no Stripe-Signature header', (original) => ({ payload: original })],
      [
        'a signature made with another secret',
        (original, sign) => ({
          payload: original,
          header: sign(original, { secret: 'whsec_someone_else' }),
        }),
      ],
      ['a malformed header', (original) => ({ payload: original, header: 'garbage' })],
      [
        'a stale signature (301 s old)',
        (original, sign) => ({
          payload: original,
          header: sign(original, { timestamp: Math.floor(Date.now() / 1000) - 301 }),
        }),
      ],
      [
        'a tampered body',
        (original, sign) => ({
          payload: original.replace('"payment_status": "unpaid"', '"payment_status": "paid"'),
          header: sign(original),
        }),
      ],
    ];

    it.each(cases)('%s', async (_name, forge) => {
      const { userId } = await t.signUp();
      const before = await minted();
      // Unpaid, so that the tampered copy (paid) would credit if it were believed.
      const unpaid = paidSession(userId, BUNDLE, { payment_status: 'unpaid' });
      const original = JSON.stringify(stripeEvent('checkout.session.completed', unpaid), null, 2);
      const { payload, header } = forge(original, t.sign);

      const answer = await t.postWebhook(payload, header);

      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ error: { code: 'VALIDATION_ERROR' } });
      expect(await t.balance(userId)).toBe(0);
      expect(await minted()).toBe(before);
    });

    it('accepts a signature within the 300 s tolerance', async () => {
      const { userId } = await t.signUp();
      const payload = JSON.stringify(
        stripeEvent('checkout.session.completed', paidSession(userId, BUNDLE)),
      );

      const answer = await t.postWebhook(
        payload,
        t.sign(payload, { timestamp: Math.floor(Date.now() / 1000) - 240 }),
      );

      expect(answer.status).toBe(200);
      expect(await t.balance(userId)).toBe(BUNDLE.coins);
    });
  });

  it('verifies and credits a base64-encoded body, as API Gateway may send it', async () => {
    const { handler } = await import('#functions/stripe-webhook');
    const { userId } = await t.signUp();
    const payload = JSON.stringify(
      stripeEvent('checkout.session.completed', paidSession(userId, BUNDLE)),
    );
    const event = {
      ...proxyEvent({
        method: 'POST',
        resource: `${API_BASE_PATH}/webhook`,
        path: `${API_BASE_PATH}/webhook`,
        headers: { 'Stripe-Signature': t.sign(payload), 'Content-Type': 'application/json' },
        query: new URLSearchParams(),
        body: Buffer.from(payload).toString('base64'),
        authorizer: null,
        sourceIp: '127.0.0.1',
      }),
      isBase64Encoded: true,
    };

    const result = await handler(event, lambdaContext('stripe-webhook'));

    expect(result.statusCode).toBe(200);
    expect(await t.balance(userId)).toBe(BUNDLE.coins);
  });
});
