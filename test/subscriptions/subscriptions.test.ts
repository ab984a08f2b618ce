import {
  API_BASE_PATH,
  expectInvariants,
  type StripeTestSystem,
  startStripeTestSystem,
} from '#test/stripe/harness';
import { deleteItem, stripeClient } from '#test/stripe/purchase-support';
import {
  billingAction,
  cancelInPortal,
  getSubscription,
  subscribe,
  subscribeAndPay,
} from '#test/subscriptions/subscription-support';
import { seededRandom } from '#test/support/seeded-random';
import { billingEvent } from '#test/support/stripe-billing-events';

const BASIC = { id: 'plan-basic', coinsPerMonth: 1_000, priceCents: 799 };

describe('subscriptions: a monthly allowance for each paid invoice', () => {
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

  it('lists the plans publicly, from the catalogue', async () => {
    const answer = await t.request('GET', `${API_BASE_PATH}/plans`);

    expect(answer.status).toBe(200);
    expect(answer.body.plans).toEqual([
      { id: 'plan-basic', name: 'Basic', coinsPerMonth: 1000, priceCents: 799, currency: 'usd' },
      { id: 'plan-plus', name: 'Plus', coinsPerMonth: 3000, priceCents: 1999, currency: 'usd' },
    ]);
  });

  it('credits the first allowance once the checkout is paid, and shows the subscription', async () => {
    const { userId, token } = await t.signUp();

    const { subscriptionId } = await subscribeAndPay(t, token);

    expect(await t.balance(userId)).toBe(BASIC.coinsPerMonth);
    const subscription = await getSubscription(t, token);
    expect(subscription).toMatchObject({
      subscriptionId,
      planId: BASIC.id,
      status: 'active',
      cancelAtPeriodEnd: false,
    });
    expect(Date.parse(String(subscription?.currentPeriodEnd))).toBeGreaterThan(Date.now());
    const [allowance] = await t.history(token);
    expect(allowance).toMatchObject({
      transactionType: 'subscription',
      amount: BASIC.coinsPerMonth,
      fromUserId: '0',
      toUserId: userId,
    });
  });

  it('opens Checkout in subscription mode at the plan price, on one reused Stripe customer', async () => {
    const { token } = await t.signUp();
    const first = await subscribeAndPay(t, token);
    await cancelInPortal(t, token, first.subscriptionId);

    const again = await subscribe(t, token, 'plan-plus');

    expect(again.status).toBe(200);
    const session = t.stripe.session(String(again.body.sessionId));
    expect(session).toMatchObject({ mode: 'subscription', amount_total: 1999 });
    expect(session?.customer).toBe(t.stripe.session(first.sessionId)?.customer);
  });

  it('credits each invoice once, whatever the duplicates and the order of 20 deliveries', async () => {
    const { userId, token } = await t.signUp();
    const answer = await subscribe(t, token);
    const sessionId = String(answer.body.sessionId);
    await t.stripe.billing.pay(sessionId, { deliver: false });
    const session = structuredClone(t.stripe.session(sessionId) ?? {});
    const invoice = structuredClone(t.stripe.billing.invoice(String(session.invoice)) ?? {});
    const events = Array.from({ length: 20 }, (_, i) =>
      i % 2 === 0
        ? billingEvent('invoice.paid', invoice)
        : billingEvent('checkout.session.completed', session),
    );
    const random = seededRandom(15);
    for (let i = events.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [events[i], events[j]] = [
        events[j] as (typeof events)[number],
        events[i] as (typeof events)[number],
      ];
    }

    const answers = await Promise.all(events.map((event) => t.deliver(event)));

    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    const outcomes = answers.map((a) => a.body.outcome);
    expect(outcomes.filter((o) => o === 'credited')).toHaveLength(1);
    expect(await t.balance(userId)).toBe(BASIC.coinsPerMonth);
    expect(await getSubscription(t, token)).toMatchObject({ status: 'active' });
  });

  it('credits three renewals as three allowances', async () => {
    const { userId, token } = await t.signUp();
    const { subscriptionId } = await subscribeAndPay(t, token);

    for (let month = 0; month < 3; month++) {
      const renewed = await billingAction(t, subscriptionId, 'renew');
      expect(renewed.body.webhooks).toEqual([expect.objectContaining({ status: 200 })]);
    }

    expect(await t.balance(userId)).toBe(4 * BASIC.coinsPerMonth);
    const types = (await t.history(token)).map((tx) => tx.transactionType);
    expect(types).toEqual(Array(4).fill('subscription'));
  });

  it('makes a failed payment past due with no coins, and active again once paid', async () => {
    const { userId, token } = await t.signUp();
    const { subscriptionId } = await subscribeAndPay(t, token);

    const failed = await billingAction(t, subscriptionId, 'fail');

    expect(failed.status).toBe(200);
    expect(await t.balance(userId)).toBe(BASIC.coinsPerMonth);
    expect(await getSubscription(t, token)).toMatchObject({ status: 'past_due' });
    expect((await subscribe(t, token)).status).toBe(409);

    await billingAction(t, subscriptionId, 'renew');

    expect(await getSubscription(t, token)).toMatchObject({ status: 'active' });
    expect(await t.balance(userId)).toBe(2 * BASIC.coinsPerMonth);
  });

  it('cancels from the portal: canceled for good, no further coins', async () => {
    const { userId, token } = await t.signUp();
    const { subscriptionId } = await subscribeAndPay(t, token);
    const updatedEarlier = billingEvent(
      'customer.subscription.updated',
      structuredClone(t.stripe.billing.subscription(subscriptionId) ?? {}),
    );

    const cancelled = await cancelInPortal(t, token, subscriptionId);
    // A stale "active" update delivered after the cancel does not bring it back.
    const late = await t.deliver(updatedEarlier);
    const renewal = await billingAction(t, subscriptionId, 'renew');

    expect(cancelled.status).toBe(303);
    expect(cancelled.headers.get('x-stripe-stand-in-webhook')).toBe('200');
    expect(late.body.outcome).toBe('subscription-updated');
    expect(await getSubscription(t, token)).toMatchObject({ subscriptionId, status: 'canceled' });
    expect(renewal.status).toBe(409);
    expect(await t.balance(userId)).toBe(BASIC.coinsPerMonth);
  });

  it('takes a refunded invoice’s coins back once, however often the refund is delivered', async () => {
    const { userId, token } = await t.signUp();
    const { subscriptionId } = await subscribeAndPay(t, token);
    const renewed = await billingAction(t, subscriptionId, 'renew');
    const invoiceId = String((renewed.body.invoice as { id: string }).id);

    const refunded = await t.request('POST', '/local/stripe/refunds', { body: { invoiceId } });
    const { charge: chargeId } = refunded.body.refund as { charge: string };
    const charge = (await stripeClient(t).charges.retrieve(chargeId)) as unknown as Record<
      string,
      unknown
    >;
    const again = await Promise.all(
      Array.from({ length: 5 }, () => t.deliver(billingEvent('charge.refunded', charge))),
    );

    expect(refunded.status).toBe(200);
    expect(again.map((a) => a.body.outcome)).toEqual(Array(5).fill('already-clawed-back'));
    expect(await t.balance(userId)).toBe(BASIC.coinsPerMonth);
    const [clawback] = await t.history(token);
    expect(clawback).toMatchObject({ transactionType: 'refund', amount: BASIC.coinsPerMonth });
  });

  it('takes back half an invoice’s coins for half its price refunded', async () => {
    const { userId, token } = await t.signUp();
    const { sessionId } = await subscribeAndPay(t, token);
    const invoiceId = String(t.stripe.session(sessionId)?.invoice);

    await t.request('POST', '/local/stripe/refunds', {
      body: { invoiceId, amountCents: 400 },
    });

    expect(await t.balance(userId)).toBe(BASIC.coinsPerMonth - 500);
  });

  it('credits an invoice first when its refund overtakes invoice.paid, then takes it back', async () => {
    const { userId, token } = await t.signUp();
    const answer = await subscribe(t, token);
    const sessionId = String(answer.body.sessionId);
    await t.stripe.billing.pay(sessionId, { deliver: false });
    const invoiceId = String(t.stripe.session(sessionId)?.invoice);
    const invoice = structuredClone(t.stripe.billing.invoice(invoiceId) ?? {});

    const refunded = await t.request('POST', '/local/stripe/refunds', { body: { invoiceId } });
    const late = await t.deliver(billingEvent('invoice.paid', invoice));

    expect(refunded.body.webhook).toMatchObject({ status: 200 });
    expect(late.body.outcome).toBe('already-credited');
    expect(await t.balance(userId)).toBe(0);
    expect((await t.history(token)).map((tx) => tx.transactionType)).toEqual([
      'refund',
      'subscription',
    ]);
  });

  it('credits a subscriber whose wallet disappeared before the invoice was paid', async () => {
    const { userId, token } = await t.signUp();
    const answer = await subscribe(t, token);
    await deleteItem(t, 'wallets', { user_id: userId });

    await t.stripe.billing.pay(String(answer.body.sessionId));

    expect(await t.balance(userId)).toBe(BASIC.coinsPerMonth);
  });

  it('answers 409 ALREADY_SUBSCRIBED to a second subscribe while active', async () => {
    const { token } = await t.signUp();
    await subscribeAndPay(t, token);

    const second = await subscribe(t, token, 'plan-plus');

    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ error: { code: 'ALREADY_SUBSCRIBED' } });
  });

  it('credits nothing for an invoice paid at another amount, and refunds it', async () => {
    const { userId, token } = await t.signUp();
    const { subscriptionId } = await subscribeAndPay(t, token);

    const renewed = await billingAction(t, subscriptionId, 'renew', { amountCents: 500 });

    const webhook = (renewed.body.webhooks as { status: number }[])[0];
    expect(webhook?.status).toBe(200);
    expect(await t.balance(userId)).toBe(BASIC.coinsPerMonth);
    const invoiceId = String((renewed.body.invoice as { id: string }).id);
    const paymentIntent = t.stripe.billing.paymentOfInvoice(invoiceId);
    const intent = await stripeClient(t).paymentIntents.retrieve(paymentIntent);
    const charge = await stripeClient(t).charges.retrieve(String(intent.latest_charge));
    expect(charge.amount_refunded).toBe(500);
    expect(charge.refunds?.data[0]?.metadata).toMatchObject({
      invoiceId,
      reason: 'terms-mismatch',
    });
  });

  it('refuses an unknown plan and a price sent by the client, and anonymous callers', async () => {
    const { token } = await t.signUp();

    const unknown = await subscribe(t, token, 'plan-free');
    const priced = await t.request('POST', `${API_BASE_PATH}/subscribe`, {
      token,
      body: { planId: BASIC.id, priceCents: 1 },
    });
    const anonymous = await t.request('GET', `${API_BASE_PATH}/subscription`);

    expect(unknown.status).toBe(400);
    expect(priced.status).toBe(400);
    expect(anonymous.status).toBe(401);
  });

  it('has no subscription and no portal for a user who never subscribed', async () => {
    const { token } = await t.signUp();

    const portal = await t.request('POST', `${API_BASE_PATH}/subscription/portal`, { token });

    expect(await getSubscription(t, token)).toBeNull();
    expect(portal.status).toBe(404);
  });
});
