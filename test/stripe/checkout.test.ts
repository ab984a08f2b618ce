import { DEFAULT_BUNDLES } from '#shared/stripe/bundles';
import {
  API_BASE_PATH,
  defaultBundle,
  expectInvariants,
  type StripeTestSystem,
  SYSTEM_USER_ID,
  startStripeTestSystem,
} from '#test/stripe/harness';

const BUNDLE = defaultBundle('coins-1000');
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe('bundles, POST /purchase and the local checkout', () => {
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

  const purchase = (token: string, body: unknown, headers: Record<string, string> = {}) =>
    t.request('POST', `${API_BASE_PATH}/purchase`, { token, body, headers });

  it('serves the catalogue to anyone at GET /bundles', async () => {
    const answer = await t.request('GET', `${API_BASE_PATH}/bundles`);

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ bundles: DEFAULT_BUNDLES });
    expect(answer.body.bundles).toContainEqual({
      id: 'coins-100',
      coins: 100,
      priceCents: 99,
      currency: 'usd',
    });
  });

  it('opens a Checkout Session for the bundle at the catalogue price, for the caller', async () => {
    const { userId, token } = await t.signUp();

    const answer = await purchase(token, { bundleId: BUNDLE.id });

    expect(answer.status).toBe(200);
    const sessionId = String(answer.body.sessionId);
    expect(sessionId).toMatch(/^cs_test_local_/);
    expect(answer.body.url).toBe(`${t.url}/local/stripe/checkout?session_id=${sessionId}`);
    const metadata = { userId, bundleId: BUNDLE.id, coins: String(BUNDLE.coins) };
    expect(t.stripe.creationParams(sessionId)).toEqual({
      mode: 'payment',
      line_items: [
        {
          quantity: 1,
          price_data: {
            currency: 'usd',
            unit_amount: BUNDLE.priceCents,
            product_data: { name: '1,000 DasWos Coins' },
          },
        },
      ],
      client_reference_id: userId,
      metadata,
      payment_intent_data: { metadata },
      success_url: 'http://localhost:5000/daswos-coins/success?session_id={CHECKOUT_SESSION_ID}',
      cancel_url: 'http://localhost:5000/daswos-coins/cancel',
    });
  });

  it('returns the same session for a repeated Idempotency-Key, a new one otherwise', async () => {
    const { token } = await t.signUp();
    const keyed = (key: string) =>
      purchase(token, { bundleId: BUNDLE.id }, { 'idempotency-key': key });

    const [first, repeat, other] = [await keyed('k-1'), await keyed('k-1'), await keyed('k-2')];
    const [plain1, plain2] = [
      await purchase(token, { bundleId: BUNDLE.id }),
      await purchase(token, { bundleId: BUNDLE.id }),
    ];

    expect(repeat.body.sessionId).toBe(first.body.sessionId);
    expect(other.body.sessionId).not.toBe(first.body.sessionId);
    expect(plain1.body.sessionId).not.toBe(plain2.body.sessionId);
  });

  it.each([
    ['an unknown bundle', { bundleId: 'coins-7' }],
    ['a missing bundle', {}],
    ['a client-chosen price', { bundleId: BUNDLE.id, priceCents: 1 }],
    ['a client-chosen coin count', { bundleId: BUNDLE.id, coins: 1_000_000 }],
    ['a body that is not JSON', 'bundleId=coins-1000'],
  ])('rejects %s with 400 VALIDATION_ERROR', async (_name, body) => {
    const { token } = await t.signUp();

    const answer = await purchase(token, body);

    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: { code: 'VALIDATION_ERROR' } });
  });

  it('asks for a signed-in user', async () => {
    const answer = await t.request('POST', `${API_BASE_PATH}/purchase`, {
      body: { bundleId: BUNDLE.id },
    });

    expect(answer.status).toBe(401);
  });

  it('end to end: purchase, checkout page, pay, credited once, refund back to DASWOS AI', async () => {
    const { userId, token } = await t.signUp();
    const supplyBefore = await t.ledger.getSupply();
    const daswosBefore = await t.balance(SYSTEM_USER_ID);

    const opened = await purchase(token, { bundleId: BUNDLE.id });
    const sessionId = String(opened.body.sessionId);
    const page = await t.request(
      'GET',
      new URL(String(opened.body.url)).pathname + new URL(String(opened.body.url)).search,
    );
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.text).toContain('action="/local/stripe/checkout/pay"');
    expect(page.text).toContain('Pay $8.49');

    const paid = await t.request('POST', '/local/stripe/checkout/pay', {
      body: `session_id=${sessionId}`,
      headers: FORM,
    });
    expect(paid.status).toBe(303);
    expect(paid.headers.get('location')).toBe(
      `http://localhost:5000/daswos-coins/success?session_id=${sessionId}`,
    );
    expect(paid.headers.get('x-stripe-stand-in-webhook')).toBe('200');
    expect(await t.balance(userId)).toBe(BUNDLE.coins);
    const afterPurchase = await t.request('GET', `${API_BASE_PATH}/transactions`, { token });
    expect(afterPurchase.body.transactions).toEqual([
      expect.objectContaining({
        transactionType: 'purchase',
        amount: BUNDLE.coins,
        referenceId: sessionId,
      }),
    ]);

    // Paying twice (a double click) neither charges nor credits again.
    await t.request('POST', '/local/stripe/checkout/pay', {
      body: `session_id=${sessionId}`,
      headers: FORM,
    });
    expect(await t.balance(userId)).toBe(BUNDLE.coins);

    const refunded = await t.request('POST', '/local/stripe/refunds', { body: { sessionId } });
    expect(refunded.status).toBe(200);
    expect(refunded.body.webhook).toMatchObject({ status: 200 });
    expect(await t.balance(userId)).toBe(0);
    expect(await t.balance(SYSTEM_USER_ID)).toBe(daswosBefore);
    expect(await t.ledger.getSupply()).toEqual(supplyBefore);
  });

  it('sends a cancelled checkout to the cancel URL and credits nothing', async () => {
    const { userId, token } = await t.signUp();
    const opened = await purchase(token, { bundleId: BUNDLE.id });

    const cancelled = await t.request('POST', '/local/stripe/checkout/cancel', {
      body: `session_id=${opened.body.sessionId}`,
      headers: FORM,
    });

    expect(cancelled.status).toBe(303);
    expect(cancelled.headers.get('location')).toBe('http://localhost:5000/daswos-coins/cancel');
    expect(await t.balance(userId)).toBe(0);
  });

  it('refuses to refund an unpaid session or more than was paid', async () => {
    const { token } = await t.signUp();
    const opened = await purchase(token, { bundleId: BUNDLE.id });
    const sessionId = String(opened.body.sessionId);

    const unpaid = await t.request('POST', '/local/stripe/refunds', { body: { sessionId } });
    await t.stripe.pay(sessionId);
    const tooMuch = await t.request('POST', '/local/stripe/refunds', {
      body: { sessionId, amountCents: BUNDLE.priceCents + 1 },
    });

    expect([unpaid.status, tooMuch.status]).toEqual([409, 400]);
  });
});
