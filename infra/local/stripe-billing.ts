import { billingApi, createBillingStore } from '#infra/local/stripe-billing-api';
import {
  advancePeriod,
  invoiceObject,
  invoicePaymentObject,
  itemOf,
  subscriptionObject,
} from '#infra/local/stripe-billing-objects';
import {
  chargeObject,
  LOCAL_CUSTOMER_DETAILS,
  localId,
  nowSeconds,
  paymentIntentObject,
  StandInError,
  type StripeObject,
} from '#infra/local/stripe-objects';

/**
 * Stripe Billing in the local stand-in: customers, Checkout Sessions in subscription mode, the
 * subscriptions they start, their monthly invoices (each paid through a PaymentIntent and a
 * Charge the Refunds API can refund), invoice payments and customer-portal sessions. The API
 * the SDK calls is in stripe-billing-api.ts; this is what happens at "Stripe" over time.
 */

export interface Delivery {
  readonly eventId: string;
  readonly type: string;
  readonly status: number;
  readonly body: string;
}

export interface BillingDeps {
  readonly paymentIntents: Map<string, StripeObject>;
  readonly charges: Map<string, StripeObject>;
  gatewayUrl(): string | undefined;
  deliver(type: string, object: StripeObject): Promise<Delivery>;
}

export function createBilling(deps: BillingDeps) {
  const store = createBillingStore();
  const { sessions, subscriptions, invoices, invoicePayments, portalSessions } = store;
  const api = billingApi(store, deps.gatewayUrl);

  /** A paid invoice: its PaymentIntent and Charge (refundable), and its invoice payment. */
  function payInvoice(invoice: StripeObject): void {
    const paymentIntentId = localId('pi');
    const chargeId = localId('ch');
    const money = {
      amount: Number(invoice.amount_paid),
      currency: String(invoice.currency),
      metadata: {},
    };
    deps.paymentIntents.set(
      paymentIntentId,
      paymentIntentObject({ id: paymentIntentId, chargeId, ...money }),
    );
    deps.charges.set(chargeId, chargeObject({ id: chargeId, paymentIntentId, ...money }));
    invoicePayments.push(invoicePaymentObject(invoice, paymentIntentId));
  }

  function subscriptionFor(subscriptionId: string): StripeObject {
    const subscription = subscriptions.get(subscriptionId);
    if (!subscription) throw new StandInError(404, `No such subscription: ${subscriptionId}`);
    if (subscription.status === 'canceled') {
      throw new StandInError(409, `Subscription ${subscriptionId} is canceled`);
    }
    return subscription;
  }

  function newInvoice(
    subscription: StripeObject,
    paid: boolean,
    reason: 'subscription_create' | 'subscription_cycle',
    amountCents?: number,
  ) {
    const amount = amountCents ?? itemOf(subscription).price.unit_amount;
    const invoice = invoiceObject({ subscription, amount, paid, billingReason: reason });
    invoices.set(String(invoice.id), invoice);
    if (paid) payInvoice(invoice);
    subscription.latest_invoice = invoice.id;
    return invoice;
  }

  /** Pays a subscription session: the subscription starts, its first invoice is paid. */
  async function pay(sessionId: string, options: { deliver?: boolean } = {}) {
    const entry = sessions.get(sessionId);
    if (!entry) throw new StandInError(404, `No such checkout session: ${sessionId}`);
    const { object: session, params } = entry;
    const redirect = String(session.success_url).replaceAll('{CHECKOUT_SESSION_ID}', sessionId);
    if (session.payment_status === 'paid') return { redirect, deliveries: [] };
    const item = params.line_items[0];
    const subscription = subscriptionObject({
      customer: params.customer,
      metadata: params.subscription_data.metadata,
      price: {
        unitAmount: item?.price_data.unit_amount ?? 0,
        currency: item?.price_data.currency ?? 'usd',
        productName: item?.price_data.product_data.name ?? '',
      },
    });
    subscriptions.set(String(subscription.id), subscription);
    const invoice = newInvoice(subscription, true, 'subscription_create');
    Object.assign(session, {
      subscription: subscription.id,
      invoice: invoice.id,
      payment_status: 'paid',
      status: 'complete',
      customer_details: LOCAL_CUSTOMER_DETAILS,
    });
    if (options.deliver === false) return { redirect, deliveries: [] };
    const deliveries = [
      await deps.deliver('checkout.session.completed', session),
      await deps.deliver('invoice.paid', invoice),
    ];
    return { redirect, deliveries };
  }

  /** The next month's invoice, paid (for `amountCents`, to try a wrong amount). */
  async function renew(subscriptionId: string, amountCents?: number) {
    const subscription = subscriptionFor(subscriptionId);
    advancePeriod(subscription);
    const wasPastDue = subscription.status !== 'active';
    subscription.status = 'active';
    const invoice = newInvoice(subscription, true, 'subscription_cycle', amountCents);
    const deliveries = [await deps.deliver('invoice.paid', invoice)];
    if (wasPastDue)
      deliveries.push(await deps.deliver('customer.subscription.updated', subscription));
    return { invoice, deliveries };
  }

  /** The next month's invoice, its payment failed: the subscription is past due. */
  async function fail(subscriptionId: string) {
    const subscription = subscriptionFor(subscriptionId);
    advancePeriod(subscription);
    subscription.status = 'past_due';
    const invoice = newInvoice(subscription, false, 'subscription_cycle');
    const deliveries = [
      await deps.deliver('invoice.payment_failed', invoice),
      await deps.deliver('customer.subscription.updated', subscription),
    ];
    return { invoice, deliveries };
  }

  /** Cancels at once, as the portal's Cancel does here. */
  async function cancel(subscriptionId: string) {
    const subscription = subscriptionFor(subscriptionId);
    Object.assign(subscription, {
      status: 'canceled',
      canceled_at: nowSeconds(),
      ended_at: nowSeconds(),
    });
    return { deliveries: [await deps.deliver('customer.subscription.deleted', subscription)] };
  }

  /** The PaymentIntent that paid an invoice. */
  function paymentOfInvoice(invoiceId: string): string {
    const payment = invoicePayments.find((candidate) => candidate.invoice === invoiceId);
    if (!payment) throw new StandInError(409, `Invoice ${invoiceId} is not paid`);
    return (payment.payment as { payment_intent: string }).payment_intent;
  }

  return {
    api,
    pay,
    renew,
    fail,
    cancel,
    paymentOfInvoice,
    session: (sessionId: string) => sessions.get(sessionId)?.object,
    subscription: (subscriptionId: string) => subscriptions.get(subscriptionId),
    invoice: (invoiceId: string) => invoices.get(invoiceId),
    portalSession: (portalId: string) => portalSessions.get(portalId),
    /** The live subscriptions of a customer, for the portal page. */
    subscriptionsOf: (customer: string) =>
      [...subscriptions.values()].filter((s) => s.customer === customer && s.status !== 'canceled'),
  };
}

export type Billing = ReturnType<typeof createBilling>;
