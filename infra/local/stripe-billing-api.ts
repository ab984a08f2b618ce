import * as z from 'zod';
import { parseFormBody } from '#infra/local/form-body';
import { customerObject, portalSessionObject } from '#infra/local/stripe-billing-objects';
import {
  checkoutSessionObject,
  localId,
  type StripeObject,
  stripeError,
} from '#infra/local/stripe-objects';

/**
 * The stand-in's Stripe Billing API, for the real SDK to talk to: create customers (with
 * idempotency keys), Checkout Sessions in subscription mode and billing-portal sessions; list
 * invoice payments (by invoice or by PaymentIntent); retrieve subscriptions, invoices, customers
 * and subscription sessions. It answers only those; anything else goes to the payment stand-in.
 */
export type ApiAnswer = { status: number; body: unknown };

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

const portalParamsSchema = z.object({
  customer: z.string().min(1),
  return_url: z.string().regex(/^https?:\/\//),
});

export type SubscriptionSessionParams = z.infer<typeof subscriptionSessionSchema>;

/** What the stand-in's Billing holds, by id. */
export interface BillingStore {
  readonly customers: Map<string, StripeObject>;
  readonly sessions: Map<string, { object: StripeObject; params: SubscriptionSessionParams }>;
  readonly subscriptions: Map<string, StripeObject>;
  readonly invoices: Map<string, StripeObject>;
  readonly invoicePayments: StripeObject[];
  readonly portalSessions: Map<string, StripeObject>;
}

export function createBillingStore(): BillingStore {
  return {
    customers: new Map(),
    sessions: new Map(),
    subscriptions: new Map(),
    invoices: new Map(),
    invoicePayments: [],
    portalSessions: new Map(),
  };
}

export function billingApi(store: BillingStore, gatewayUrl: () => string | undefined) {
  const { customers, sessions, subscriptions, invoices, invoicePayments, portalSessions } = store;
  const deps = { gatewayUrl };
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

  return api;
}
