import {
  API_BASE_PATH,
  expectInvariants,
  type StripeTestSystem,
  startStripeTestSystem,
  stripeEvent,
} from '#test/stripe/harness';
import { getPurchase, openPurchase, payQuietly, refundsOf } from '#test/stripe/purchase-support';

describe('POST /purchase when the supply runs low', () => {
  let t: StripeTestSystem;

  beforeAll(async () => {
    // A small world: 5,000 coins in all.
    t = await startStripeTestSystem({ totalSupply: 5_000 });
  });

  afterAll(async () => {
    await t?.stop();
  });

  afterEach(async () => {
    await expectInvariants(t);
  });

  it('answers 409 SUPPLY_EXHAUSTED for a bundle the remaining supply cannot cover', async () => {
    const { token } = await t.signUp();

    const tooBig = await t.request('POST', `${API_BASE_PATH}/purchase`, {
      token,
      body: { bundleId: 'coins-10000' },
    });
    const exact = await t.request('POST', `${API_BASE_PATH}/purchase`, {
      token,
      body: { bundleId: 'coins-5000' },
    });

    expect(tooBig.status).toBe(409);
    expect(tooBig.body).toMatchObject({ error: { code: 'SUPPLY_EXHAUSTED' } });
    expect(exact.status).toBe(200);
  });

  it('refunds a paid session the supply can no longer cover, and never credits it later', async () => {
    const buyers = [await t.signUp(), await t.signUp()];
    const sessions = [];
    for (const buyer of buyers) {
      const opened = await t.request('POST', `${API_BASE_PATH}/purchase`, {
        token: buyer.token,
        body: { bundleId: 'coins-5000' },
      });
      sessions.push(String(opened.body.sessionId));
    }
    const [first, second] = [
      await t.stripe.pay(sessions[0] ?? ''),
      await t.stripe.pay(sessions[1] ?? ''),
    ];
    await t.stripe.settled();

    expect([first.delivery?.status, second.delivery?.status]).toEqual([200, 200]);
    expect(JSON.parse(second.delivery?.body ?? '{}').outcome).toBe('refunded');
    expect(await t.balance(buyers[1]?.userId ?? '')).toBe(0);
    expect((await refundsOf(t, sessions[1] ?? '')).refunds).toHaveLength(1);
    const status = await getPurchase(t, buyers[1]?.token ?? '', sessions[1] ?? '');
    expect(status.body).toMatchObject({ status: 'refunded', refundReason: 'sold-out' });

    // The first buyer's refund returns 5,000 coins to the supply; the refunded session stays refunded.
    await t.stripe.refund(sessions[0] ?? '');
    const late = await t.deliver(
      stripeEvent(
        'checkout.session.async_payment_succeeded',
        t.stripe.session(sessions[1] ?? '') ?? {},
      ),
    );

    expect(late.body.outcome).toBe('already-refunded');
    expect(await t.balance(buyers[1]?.userId ?? '')).toBe(0);
    expect((await t.ledger.getSupply()).remainingAmount).toBe(5_000);
  });

  it('credits one and refunds the other of two sessions paid concurrently for the last coins', async () => {
    await t.stripe.settled();
    const remaining = (await t.ledger.getSupply()).remainingAmount;
    expect(remaining).toBe(5_000);
    const buyers = [await t.signUp(), await t.signUp()];
    const sessions = await Promise.all(
      buyers.map((buyer) => openPurchase(t, buyer.token, 'coins-5000')),
    );
    const paid = await Promise.all(sessions.map((sessionId) => payQuietly(t, sessionId)));

    // Each session delivered 10 times, all 20 deliveries at once.
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t.deliver(stripeEvent('checkout.session.completed', paid[i % 2] ?? {})),
      ),
    );
    await t.stripe.settled();

    expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(200));
    const balances = await Promise.all(buyers.map((buyer) => t.balance(buyer.userId)));
    expect([...balances].sort((a, b) => a - b)).toEqual([0, 5_000]);
    const refunded = balances.indexOf(0);
    const refunds = await Promise.all(sessions.map((sessionId) => refundsOf(t, sessionId)));
    expect(refunds.map((r) => r.refunds.length)).toEqual(
      balances.map((balance) => (balance === 0 ? 1 : 0)),
    );
    const status = await getPurchase(t, buyers[refunded]?.token ?? '', sessions[refunded] ?? '');
    expect(status.body).toMatchObject({ status: 'refunded', refundReason: 'sold-out' });
    expect((await t.ledger.getSupply()).remainingAmount).toBe(0);
  });
});
