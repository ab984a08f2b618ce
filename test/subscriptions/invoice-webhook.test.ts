import {
  expectInvariants,
  type StripeTestSystem,
  startStripeTestSystem,
} from '#test/stripe/harness';
import { stripeClient } from '#test/stripe/purchase-support';
import { getSubscription, subscribe } from '#test/subscriptions/subscription-support';
import { billingEvent, subscriptionInvoice } from '#test/support/stripe-billing-events';

type Json = Record<string, unknown>;

/**
 * POST /webhook with subscription invoices built from the SDK's types (test/support), and with
 * the stand-in's own invoices changed the way another plan or a withdrawn plan would change them.
 */
describe('POST /webhook: subscription invoices', () => {
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

  /** A subscription paid on the stand-in without any delivery; its first invoice as Stripe has it. */
  async function paidQuietly() {
    const { userId, token } = await t.signUp();
    const sessionId = String((await subscribe(t, token)).body.sessionId);
    await t.stripe.billing.pay(sessionId, { deliver: false });
    const invoiceId = String(t.stripe.session(sessionId)?.invoice);
    const invoice = structuredClone(t.stripe.billing.invoice(invoiceId) ?? {});
    return { userId, token, sessionId, invoiceId, invoice };
  }

  function withPlan(invoice: Json, planId: string, amountPaid?: number): Json {
    const parent = structuredClone(invoice.parent) as {
      subscription_details: { metadata: Record<string, string> };
    };
    parent.subscription_details.metadata.planId = planId;
    return { ...invoice, parent, ...(amountPaid === undefined ? {} : { amount_paid: amountPaid }) };
  }

  it('leaves alone an invoice of a subscription it did not start', async () => {
    const invoice = subscriptionInvoice({
      subscriptionId: 'sub_someone_elses',
      metadata: {},
      amountCents: 799,
    });

    const answer = await t.deliver(billingEvent('invoice.paid', invoice));

    expect(answer.status).toBe(200);
    expect(answer.body.outcome).toBe('not-a-subscription-invoice');
  });

  it('credits nothing for an invoice that is not paid', async () => {
    const { userId } = await t.signUp();
    const invoice = subscriptionInvoice({
      subscriptionId: 'sub_unpaid',
      metadata: { userId, planId: 'plan-basic' },
      amountCents: 799,
      paid: false,
    });

    const answer = await t.deliver(billingEvent('invoice.paid', invoice));

    expect(answer.body.outcome).toBe('not-paid');
    expect(await t.balance(userId)).toBe(0);
  });

  it('answers an invoice without the fields it reads as malformed (2xx, counted), not 5xx', async () => {
    const invoice: Json = {
      ...subscriptionInvoice({ subscriptionId: 'sub_x', metadata: {}, amountCents: 1 }),
    };
    delete invoice.amount_paid;

    const answer = await t.deliver(billingEvent('invoice.paid', invoice));

    expect(answer.status).toBe(200);
    expect(answer.body.outcome).toBe('malformed');
  });

  it('never sets a canceled subscription active again for a late invoice', async () => {
    const { token, sessionId, invoice } = await paidQuietly();
    const subscriptionId = String(t.stripe.session(sessionId)?.subscription);
    await t.stripe.billing.cancel(subscriptionId);

    await t.deliver(billingEvent('invoice.paid', invoice));

    expect(await getSubscription(t, token)).toMatchObject({ subscriptionId, status: 'canceled' });
  });

  it('shows a cancel at the period end from customer.subscription.updated, still active', async () => {
    const { token, sessionId, invoice } = await paidQuietly();
    await t.deliver(billingEvent('invoice.paid', invoice));
    const subscription = t.stripe.billing.subscription(
      String(t.stripe.session(sessionId)?.subscription),
    );
    if (!subscription) throw new Error('no subscription on the stand-in');
    subscription.cancel_at_period_end = true;

    const answer = await t.deliver(
      billingEvent('customer.subscription.updated', structuredClone(subscription)),
    );

    expect(answer.body.outcome).toBe('subscription-updated');
    expect(await getSubscription(t, token)).toMatchObject({
      status: 'active',
      cancelAtPeriodEnd: true,
    });
  });

  it('takes a disputed invoice’s share back once per dispute', async () => {
    const { userId, invoiceId, invoice } = await paidQuietly();
    await t.deliver(billingEvent('invoice.paid', invoice));
    const paymentIntent = t.stripe.billing.paymentOfInvoice(invoiceId);
    const intent = await stripeClient(t).paymentIntents.retrieve(paymentIntent);
    const dispute = {
      id: 'dp_invoice_dispute',
      object: 'dispute',
      amount: 799,
      charge: String(intent.latest_charge),
      payment_intent: paymentIntent,
      status: 'needs_response',
    };

    const answers = [
      await t.deliver(billingEvent('charge.dispute.created', dispute)),
      await t.deliver(billingEvent('charge.dispute.created', dispute)),
    ];

    expect(answers.map((a) => a.body.outcome)).toEqual(['clawed-back', 'already-clawed-back']);
    expect(await t.balance(userId)).toBe(0);
  });

  it('credits the plan the invoice names: a plan change applies from the next invoice', async () => {
    const { userId, invoice } = await paidQuietly();

    const answer = await t.deliver(
      billingEvent('invoice.paid', withPlan(invoice, 'plan-plus', 1999)),
    );

    expect(answer.body.outcome).toBe('credited');
    expect(await t.balance(userId)).toBe(3000);
  });

  it('refunds an invoice whose plan was withdrawn, once, and never credits it after', async () => {
    const { userId, invoiceId, invoice } = await paidQuietly();
    const withdrawn = withPlan(invoice, 'plan-withdrawn');

    const first = await t.deliver(billingEvent('invoice.paid', withdrawn));
    const again = await t.deliver(billingEvent('invoice.paid', withdrawn));
    const original = await t.deliver(billingEvent('invoice.paid', invoice));

    expect([first, again, original].map((a) => a.body.outcome)).toEqual([
      'refunded',
      'already-refunded',
      'already-refunded',
    ]);
    expect(await t.balance(userId)).toBe(0);
    const intent = await stripeClient(t).paymentIntents.retrieve(
      t.stripe.billing.paymentOfInvoice(invoiceId),
    );
    const charge = await stripeClient(t).charges.retrieve(String(intent.latest_charge));
    expect(charge.refunds?.data).toHaveLength(1);
    expect(charge.refunds?.data[0]?.metadata).toMatchObject({
      invoiceId,
      reason: 'plan-unavailable',
    });
  });

  it('shows the subscription from its first paid invoice, before the session event', async () => {
    const { userId, token, sessionId, invoice } = await paidQuietly();
    const session = structuredClone(t.stripe.session(sessionId) ?? {});
    const subscriptionId = String(session.subscription);

    const paid = await t.deliver(billingEvent('invoice.paid', invoice));
    const beforeSession = await getSubscription(t, token);
    await t.deliver(billingEvent('checkout.session.completed', session));

    expect(paid.body.outcome).toBe('credited');
    expect(beforeSession).toEqual({
      subscriptionId,
      planId: 'plan-basic',
      status: 'active',
      currentPeriodEnd: null,
      cancelAtPeriodEnd: false,
    });
    expect(await getSubscription(t, token)).toMatchObject({ subscriptionId, status: 'active' });
    expect((await getSubscription(t, token))?.currentPeriodEnd).not.toBeNull();
    expect(await t.balance(userId)).toBe(1000);
  });
});
