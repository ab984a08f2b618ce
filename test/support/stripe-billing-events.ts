import { randomUUID } from 'node:crypto';
import Stripe from 'stripe';

/**
 * Stripe Billing objects and events for tests, built in the repository from the `stripe` SDK's
 * own types for the API version it pins (2026-10-28): an Invoice names its subscription under
 * `parent.subscription_details`, with a snapshot of the subscription's metadata.
 */
type Json = Record<string, unknown>;

const id = (prefix: string) => `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 24)}`;

/** An Event envelope as Stripe sends it, around any object. */
export function billingEvent(type: Stripe.Event.Type, object: Json): Json {
  return {
    id: id('evt'),
    object: 'event',
    api_version: Stripe.API_VERSION,
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    data: { object },
  };
}

type InvoiceFields = Pick<
  Stripe.Invoice,
  'id' | 'object' | 'status' | 'amount_due' | 'amount_paid' | 'amount_remaining' | 'currency'
> & {
  parent: {
    type: 'subscription_details';
    quote_details: null;
    subscription_details: { subscription: string; metadata: Record<string, string> };
  };
} & Json;

/** A subscription invoice, paid by default, for the subscription and its metadata. */
export function subscriptionInvoice(fields: {
  subscriptionId: string;
  metadata: Record<string, string>;
  amountCents: number;
  currency?: string;
  paid?: boolean;
  invoiceId?: string;
}): InvoiceFields {
  const paid = fields.paid ?? true;
  return {
    id: fields.invoiceId ?? id('in'),
    object: 'invoice',
    status: paid ? 'paid' : 'open',
    amount_due: fields.amountCents,
    amount_paid: paid ? fields.amountCents : 0,
    amount_remaining: paid ? 0 : fields.amountCents,
    currency: fields.currency ?? 'usd',
    billing_reason: 'subscription_cycle',
    customer: id('cus'),
    livemode: false,
    parent: {
      type: 'subscription_details',
      quote_details: null,
      subscription_details: { subscription: fields.subscriptionId, metadata: fields.metadata },
    },
  };
}
