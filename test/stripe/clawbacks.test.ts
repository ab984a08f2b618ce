import { randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import {
  API_BASE_PATH,
  defaultBundle,
  expectInvariants,
  fixture,
  paidSession,
  type StripeTestSystem,
  SYSTEM_USER_ID,
  startStripeTestSystem,
  stripeEvent,
} from '#test/stripe/harness';

const BUNDLE = defaultBundle('coins-1000');
const PRICE = BUNDLE.priceCents;
/** floor(coins * cents / price): the share of the bundle that `cents` paid for. */
const share = (cents: number) => Math.floor((BUNDLE.coins * cents) / PRICE);

describe('POST /webhook: refunds and disputes claw coins back', () => {
  let t: StripeTestSystem;
  let stripe: Stripe;

  beforeAll(async () => {
    t = await startStripeTestSystem();
    const api = new URL(t.stripe.apiUrl);
    stripe = new Stripe('sk_local_tests', { host: api.hostname, port: api.port, protocol: 'http' });
  });

  afterAll(async () => {
    await t?.stop();
  });

  afterEach(async () => {
    await expectInvariants(t);
  });

  /** A purchase credited from a fixture-built event (the stand-in never saw its session). */
  async function boughtByEvent() {
    const buyer = await t.signUp();
    const session = paidSession(buyer.userId, BUNDLE);
    expect((await t.deliver(stripeEvent('checkout.session.completed', session))).status).toBe(200);
    expect(await t.balance(buyer.userId)).toBe(BUNDLE.coins);
    const metadata = session.metadata as Record<string, string>;
    return { ...buyer, paymentIntentId: String(session.payment_intent), metadata };
  }

  /** A purchase made through POST /purchase and paid on the stand-in's checkout. */
  async function boughtThroughCheckout(options: { deliver?: boolean } = {}) {
    const buyer = await t.signUp();
    const purchase = await t.request('POST', `${API_BASE_PATH}/purchase`, {
      token: buyer.token,
      body: { bundleId: BUNDLE.id },
    });
    const sessionId = String(purchase.body.sessionId);
    await t.stripe.pay(sessionId, options);
    const paymentIntentId = String(t.stripe.session(sessionId)?.payment_intent);
    const intent = await stripe.paymentIntents.retrieve(paymentIntentId);
    return { ...buyer, sessionId, paymentIntentId, chargeId: String(intent.latest_charge) };
  }

  /** charge.refunded as Stripe sends it: the charge with its running refunded total. */
  function refundedEvent(
    purchase: { paymentIntentId: string; metadata?: Record<string, string> },
    refunds: number[],
  ) {
    const chargeId = `ch_${randomUUID().replaceAll('-', '').slice(0, 24)}`;
    const data = refunds.map((amount, i) =>
      fixture('refund', {
        id: `re_${chargeId.slice(3)}_${i}`,
        amount,
        charge: chargeId,
        created: 1_700_000_000 + i,
        payment_intent: purchase.paymentIntentId,
      }),
    );
    const refunded = refunds.reduce((sum, amount) => sum + amount, 0);
    return stripeEvent(
      'charge.refunded',
      fixture('charge', {
        id: chargeId,
        amount: PRICE,
        amount_captured: PRICE,
        amount_refunded: refunded,
        refunded: refunded === PRICE,
        captured: true,
        payment_intent: purchase.paymentIntentId,
        metadata: purchase.metadata ?? {},
        refunds: { data: data.reverse(), has_more: false, object: 'list', url: '' },
      }),
    );
  }

  function disputeEvent(purchase: { chargeId: string; paymentIntentId: string }, amount: number) {
    return stripeEvent(
      'charge.dispute.created',
      fixture('dispute', {
        id: `dp_${randomUUID().replaceAll('-', '').slice(0, 24)}`,
        amount,
        charge: purchase.chargeId,
        payment_intent: purchase.paymentIntentId,
      }),
    );
  }

  it('takes a full refund back to DASWOS AI once, however often and concurrently it is delivered', async () => {
    const buyer = await boughtByEvent();
    const before = await t.ledger.getSupply();
    const payload = JSON.stringify(refundedEvent(buyer, [PRICE]));
    const signature = t.sign(payload);

    const answers = await Promise.all(
      Array.from({ length: 20 }, () => t.postWebhook(payload, signature)),
    );

    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    const outcomes = answers.map((answer) => answer.body.outcome);
    expect(outcomes.filter((outcome) => outcome === 'clawed-back')).toHaveLength(1);
    expect(await t.balance(buyer.userId)).toBe(0);
    expect((await t.ledger.getSupply()).mintedAmount).toBe(before.mintedAmount - BUNDLE.coins);
    const refund = (await t.history(buyer.token)).find((tx) => tx.transactionType === 'refund');
    expect(refund).toMatchObject({
      transactionType: 'refund',
      fromUserId: buyer.userId,
      toUserId: SYSTEM_USER_ID,
      amount: BUNDLE.coins,
    });
    expect(String(refund?.referenceId)).toMatch(/^re_/);
  });

  it('takes back the share of the running refunded total, in order or not', async () => {
    const inOrder = await boughtByEvent();
    await t.deliver(refundedEvent(inOrder, [300]));
    expect(await t.balance(inOrder.userId)).toBe(BUNDLE.coins - share(300));
    await t.deliver(refundedEvent(inOrder, [300, 200]));
    expect(await t.balance(inOrder.userId)).toBe(BUNDLE.coins - share(500));

    const reversed = await boughtByEvent();
    const second = await t.deliver(refundedEvent(reversed, [300, 200]));
    const first = await t.deliver(refundedEvent(reversed, [300]));
    expect([second.body.outcome, first.body.outcome]).toEqual([
      'clawed-back',
      'nothing-to-claw-back',
    ]);
    expect(await t.balance(reversed.userId)).toBe(BUNDLE.coins - share(500));
  });

  it('never takes more than the running total when distinct refunds race', async () => {
    const buyer = await boughtByEvent();
    const events = [[200], [200, 200], [200, 200, PRICE - 400]].map((refunds) =>
      refundedEvent(buyer, refunds),
    );

    await Promise.all(
      Array.from({ length: 15 }, (_, i) => t.deliver(events[i % events.length] ?? {})),
    );

    expect(await t.balance(buyer.userId)).toBe(0);
    const refunds = (await t.history(buyer.token)).filter((tx) => tx.transactionType === 'refund');
    expect(refunds.reduce((sum, tx) => sum + Number(tx.amount), 0)).toBe(BUNDLE.coins);
  });

  it('takes spent coins back below zero, and a negative wallet cannot send', async () => {
    const buyer = await boughtByEvent();
    const friend = await t.signUp();
    const spent = await t.request('POST', `${API_BASE_PATH}/transfer`, {
      token: buyer.token,
      body: { toUserId: friend.userId, amount: 800 },
    });
    expect(spent.status).toBe(201);

    await t.deliver(refundedEvent(buyer, [PRICE]));

    expect(await t.balance(buyer.userId)).toBe(-800);
    expect(await t.balance(friend.userId)).toBe(800);
    const blocked = await t.request('POST', `${API_BASE_PATH}/transfer`, {
      token: buyer.token,
      body: { toUserId: friend.userId, amount: 1 },
    });
    expect(blocked.status).toBe(409);
    expect(blocked.body).toMatchObject({ error: { code: 'INSUFFICIENT_FUNDS' } });
  });

  it('changes nothing for a refund that matches no purchase', async () => {
    const before = await t.ledger.getSupply();
    const stranger = { paymentIntentId: 'pi_unknown_to_everyone' };

    const answer = await t.deliver(refundedEvent(stranger, [PRICE]));

    expect(answer.status).toBe(200);
    expect(answer.body.outcome).toBe('no-purchase');
    expect(await t.ledger.getSupply()).toEqual(before);
  });

  it('changes nothing for a refund of a session that was never credited', async () => {
    const buyer = await t.signUp();
    const session = paidSession(buyer.userId, BUNDLE, { amount_total: 1 });
    await t.deliver(stripeEvent('checkout.session.completed', session));
    const metadata = session.metadata as Record<string, string>;

    const answer = await t.deliver(
      refundedEvent({ paymentIntentId: String(session.payment_intent), metadata }, [1]),
    );

    expect(answer.body.outcome).toBe('no-purchase');
    expect(await t.balance(buyer.userId)).toBe(0);
  });

  it('finds a stand-in purchase by its Checkout Session and refunds it through the local route', async () => {
    const buyer = await boughtThroughCheckout();

    const answer = await t.request('POST', '/local/stripe/refunds', {
      body: { sessionId: buyer.sessionId, amountCents: 300 },
    });

    expect(answer.status).toBe(200);
    expect(answer.body.webhook).toMatchObject({ status: 200 });
    expect(await t.balance(buyer.userId)).toBe(BUNDLE.coins - share(300));
  });

  it('credits a purchase first when its refund overtakes it, then takes the refund back', async () => {
    const buyer = await boughtThroughCheckout({ deliver: false });
    expect(await t.balance(buyer.userId)).toBe(0);

    await t.stripe.refund(buyer.sessionId, 300);
    expect(await t.balance(buyer.userId)).toBe(BUNDLE.coins - share(300));

    const late = await t.deliver(
      stripeEvent('checkout.session.completed', t.stripe.session(buyer.sessionId) ?? {}),
    );
    expect(late.body.outcome).toBe('already-credited');
    expect(await t.balance(buyer.userId)).toBe(BUNDLE.coins - share(300));
  });

  it('takes back the disputed share once per dispute, duplicates included', async () => {
    const buyer = await boughtThroughCheckout();
    const payload = JSON.stringify(disputeEvent(buyer, 425));

    const answers = await Promise.all(
      Array.from({ length: 10 }, () => t.postWebhook(payload, t.sign(payload))),
    );

    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    expect(await t.balance(buyer.userId)).toBe(BUNDLE.coins - share(425));
    const disputes = (await t.history(buyer.token)).filter(
      (tx) => tx.transactionType === 'dispute',
    );
    expect(disputes).toEqual([expect.objectContaining({ amount: share(425) })]);
  });

  it('never takes more than the purchase for a refund and a dispute together', async () => {
    const buyer = await boughtThroughCheckout();
    await t.stripe.refund(buyer.sessionId, 600);

    const answer = await t.deliver(disputeEvent(buyer, PRICE));

    expect(answer.body.outcome).toBe('clawed-back');
    expect(await t.balance(buyer.userId)).toBe(0);
    const amounts = (await t.history(buyer.token)).map(
      (tx) => `${tx.transactionType} ${tx.amount}`,
    );
    expect(amounts.sort()).toEqual([
      `dispute ${BUNDLE.coins - share(600)}`,
      `purchase ${BUNDLE.coins}`,
      `refund ${share(600)}`,
    ]);
  });

  it('takes a dispute back through the stand-in route too', async () => {
    const buyer = await boughtThroughCheckout();

    const answer = await t.request('POST', '/local/stripe/disputes', {
      body: { sessionId: buyer.sessionId },
    });

    expect(answer.status).toBe(200);
    expect(await t.balance(buyer.userId)).toBe(0);
  });
});
