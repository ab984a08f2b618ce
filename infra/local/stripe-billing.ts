import * as z from 'zod';
import { parseFormBody } from '#infra/local/form-body';
import {
  advancePeriod,
  customerObject,
  invoiceObject,
  invoicePaymentObject,
  itemOf,
  portalSessionObject,
  subscriptionObject,
} from '#infra/local/stripe-billing-objects';
import {
  chargeObject,
  checkoutSessionObject,
  LOCAL_CUSTOMER_DETAILS,
  localId,
  nowSeconds,
  paymentIntentObject,
  StandInError,
  type StripeObject,
  stripeError,
} from '#infra/local/stripe-objects';

/**
 * Stripe Billing in the local stand-in: customers, Checkout Sessions in subscription mode, the
 * subscriptions they start, their monthly invoices (each paid through a PaymentIntent and a
 * Charge the Refunds API can refund), invoice payments and customer-portal sessions.
 */
type ApiAnswer = { status: number; body: unknown };

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

const metadataSchema = z.record(z.string(), z.string()).default({});

const subscriptionSessionSchema = z.object({
  mode: z.literal('subscription'),
  customer: z.string().min(1, { error: 'the stand-in needs a customer' }),
  line_items: z
    .array(
      z.object({
        quantity: z.coerce.number().int().min(1).default(1),
        price_data: z.object({
          currency: z.string().regex(/^[a-z]{3}$/),
          unit_amount: z.coerce.number().int().min(1),
          recurring: z.object({ interval: z.literal('month') }),
          product_data: z.object({ name: z.string().min(1) }),
        }),
      }),
    )
    .length(1, 'the stand-in supports one line item'),
  client_reference_id: z.string().max(200).optional(),
  metadata: metadataSchema,
  subscription_data: z.object({ metadata: metadataSchema }).default({ metadata: {} }),
  success_url: z.string().regex(/^https?:\/\//),
  cancel_url: z.string().regex(/^https?:\/\//),
});
type SubscriptionSessionParams = z.infer<typeof subscriptionSessionSchema>;

const portalParamsSchema = z.object({
  customer: z.string().min(1),
  return_url: z.string().regex(/^https?:\/\//),
});

export function createBilling(deps: BillingDeps) {
  const customers = new Map<string, StripeObject>();
  const sessions = new Map<string, { object: StripeObject; params: SubscriptionSessionParams }>();
  const subscriptions = new Map<string, StripeObject>();
  const invoices = new Map<string, StripeObject>();
  const invoicePayments: StripeObject[] = [];
  const portalSessions = new Map<string, StripeObject>();
  // Stripe replays a request made with a used Idempotency-Key, and refuses other parameters.
  const idempotent = new Map<string, { body: string; answer: ApiAnswer }>();

  function once(key: string | undefined, body: string, run: () => ApiAnswer): ApiAnswer {
    const earlier = key === undefined ? undefined : idempotent.get(key);
    if (earlier && earlier.body !== body) {
      return stripeError(
        400,
        'idempotency_error',
        'Keys can only be reused with the same parameters',
      );
    }
    if (earlier) return earlier.answer;
    const answer = run();
    if (key !== undefined && answer.status === 200) idempotent.set(key, { body, answer });
    return answer;
  }

  function createSession(form: Record<string, unknown>): ApiAnswer {
    const gatewayUrl = deps.gatewayUrl();
    if (!gatewayUrl) return stripeError(503, 'api_error', 'The stand-in is not connected yet');
    const parsed = subscriptionSessionSchema.safeParse(form);
    const item = parsed.data?.line_items[0];
    if (!parsed.success || !item) {
      const message = parsed.error?.issues[0]?.message ?? 'line_items is required';
      return stripeError(400, 'invalid_request_error', message);
    }
    if (!customers.has(parsed.data.customer)) {
      return stripeError(
        400,
        'invalid_request_error',
        `No such customer: '${parsed.data.customer}'`,
        'resource_missing',
      );
    }
    const id = localId('cs_test');
    const session = checkoutSessionObject({
      id,
      amount: item.price_data.unit_amount * item.quantity,
      currency: item.price_data.currency,
      clientReferenceId: parsed.data.client_reference_id ?? null,
      metadata: parsed.data.metadata,
      successUrl: parsed.data.success_url,
      cancelUrl: parsed.data.cancel_url,
      url: `${gatewayUrl}/local/stripe/checkout?session_id=${id}`,
    });
    Object.assign(session, { mode: 'subscription', customer: parsed.data.customer });
    sessions.set(id, { object: session, params: parsed.data });
    return { status: 200, body: session };
  }

  function createPortalSession(form: Record<string, unknown>): ApiAnswer {
    const parsed = portalParamsSchema.safeParse(form);
    const gatewayUrl = deps.gatewayUrl();
    if (!parsed.success || !gatewayUrl) {
      return stripeError(400, 'invalid_request_error', 'customer and return_url are required');
    }
    if (!customers.has(parsed.data.customer)) {
      return stripeError(
        400,
        'invalid_request_error',
        `No such customer: '${parsed.data.customer}'`,
        'resource_missing',
      );
    }
    const portal = portalSessionObject({
      customer: parsed.data.customer,
      returnUrl: parsed.data.return_url,
      gatewayUrl,
    });
    portalSessions.set(String(portal.id), portal);
    return { status: 200, body: portal };
  }

  function listInvoicePayments(url: URL): ApiAnswer {
    const invoice = url.searchParams.get('invoice');
    const paymentIntent = url.searchParams.get('payment[payment_intent]');
    const data = invoicePayments.filter(
      (payment) =>
        (invoice === null || payment.invoice === invoice) &&
        (paymentIntent === null ||
          (payment.payment as { payment_intent: string }).payment_intent === paymentIntent),
    );
    return { status: 200, body: { object: 'list', data, has_more: false, url: url.pathname } };
  }

  const found = (object: StripeObject | undefined, id: string): ApiAnswer =>
    object
      ? { status: 200, body: object }
      : stripeError(404, 'invalid_request_error', `No such object: '${id}'`, 'resource_missing');

  /** The Billing part of the API; undefined for anything else (the payment stand-in answers it). */
  function api(
    method: string,
    url: URL,
    idempotencyKey: string | undefined,
    body: string,
  ): ApiAnswer | undefined {
    const path = url.pathname;
    if (method === 'POST' && path === '/v1/customers') {
      return once(idempotencyKey, body, () => {
        const customer = customerObject(metadataSchema.parse(parseFormBody(body).metadata));
        customers.set(String(customer.id), customer);
        return { status: 200, body: customer };
      });
    }
    if (method === 'POST' && path === '/v1/checkout/sessions') {
      const form = parseFormBody(body);
      if (form.mode !== 'subscription') return undefined;
      return once(idempotencyKey, body, () => createSession(form));
    }
    if (method === 'POST' && path === '/v1/billing_portal/sessions') {
      return createPortalSession(parseFormBody(body));
    }
    if (method === 'GET' && path === '/v1/invoice_payments') return listInvoicePayments(url);
    const match = /^\/v1\/(subscriptions|invoices|customers|checkout\/sessions)\/([^/]+)$/.exec(
      path,
    );
    if (method !== 'GET' || !match) return undefined;
    const [, kind, id = ''] = match;
    if (kind === 'subscriptions') return found(subscriptions.get(id), id);
    if (kind === 'invoices') return found(invoices.get(id), id);
    if (kind === 'customers') return found(customers.get(id), id);
    const session = sessions.get(id);
    return session ? { status: 200, body: session.object } : undefined;
  }

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
