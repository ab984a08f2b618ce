import { localId, nowSeconds, type StripeObject } from '#infra/local/stripe-objects';

/**
 * Stripe Billing objects as the local stand-in hands them out: the fields of the `stripe` SDK's
 * own types for the API version it pins (Customer, Subscription with its items, Invoice with
 * `parent.subscription_details`, InvoicePayment, billing_portal.session), with the stand-in's
 * values. Only what DasWos Coins reads is meaningful; the rest is there so the shapes are real.
 */
const MONTH_SECONDS = 30 * 24 * 60 * 60;

export function customerObject(metadata: Record<string, string>): StripeObject {
  return {
    address: null,
    balance: 0,
    created: nowSeconds(),
    currency: null,
    default_source: null,
    delinquent: false,
    description: null,
    email: null,
    id: localId('cus'),
    invoice_prefix: 'LOCAL',
    livemode: false,
    metadata,
    name: null,
    object: 'customer',
    phone: null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: 'none',
  };
}

export interface RecurringPrice {
  readonly unitAmount: number;
  readonly currency: string;
  readonly productName: string;
}

export function subscriptionObject(fields: {
  customer: string;
  metadata: Record<string, string>;
  price: RecurringPrice;
}): StripeObject {
  const id = localId('sub');
  const start = nowSeconds();
  return {
    application: null,
    billing_cycle_anchor: start,
    cancel_at: null,
    cancel_at_period_end: false,
    canceled_at: null,
    collection_method: 'charge_automatically',
    created: start,
    currency: fields.price.currency,
    customer: fields.customer,
    default_payment_method: 'pm_local_card_visa',
    description: null,
    discounts: [],
    ended_at: null,
    id,
    items: {
      data: [
        {
          created: start,
          current_period_end: start + MONTH_SECONDS,
          current_period_start: start,
          id: localId('si'),
          metadata: {},
          object: 'subscription_item',
          price: {
            active: true,
            currency: fields.price.currency,
            id: localId('price'),
            object: 'price',
            product: localId('prod'),
            recurring: { interval: 'month', interval_count: 1, usage_type: 'licensed' },
            type: 'recurring',
            unit_amount: fields.price.unitAmount,
          },
          quantity: 1,
          subscription: id,
        },
      ],
      has_more: false,
      object: 'list',
      url: `/v1/subscription_items?subscription=${id}`,
    },
    latest_invoice: null,
    livemode: false,
    metadata: fields.metadata,
    object: 'subscription',
    start_date: start,
    status: 'active',
  };
}

/** The subscription's one item: its price and its current period. */
export function itemOf(subscription: StripeObject): Record<string, unknown> & {
  current_period_start: number;
  current_period_end: number;
  price: { unit_amount: number; currency: string };
} {
  const item = (subscription.items as { data: unknown[] }).data[0];
  return item as ReturnType<typeof itemOf>;
}

/** The next month of the subscription: its item's period moves on by one. */
export function advancePeriod(subscription: StripeObject): void {
  const item = itemOf(subscription);
  item.current_period_start = item.current_period_end;
  item.current_period_end += MONTH_SECONDS;
}

export function invoiceObject(fields: {
  subscription: StripeObject;
  amount: number;
  paid: boolean;
  billingReason: 'subscription_create' | 'subscription_cycle';
}): StripeObject {
  const { subscription, amount, paid } = fields;
  const item = itemOf(subscription);
  const created = nowSeconds();
  return {
    amount_due: amount,
    amount_overpaid: 0,
    amount_paid: paid ? amount : 0,
    amount_remaining: paid ? 0 : amount,
    attempt_count: 1,
    attempted: true,
    billing_reason: fields.billingReason,
    collection_method: 'charge_automatically',
    created,
    currency: item.price.currency,
    customer: subscription.customer,
    customer_email: null,
    description: null,
    id: localId('in'),
    lines: { data: [], has_more: false, object: 'list', url: '/v1/invoices/lines' },
    livemode: false,
    metadata: {},
    next_payment_attempt: paid ? null : created + 3 * 24 * 60 * 60,
    number: null,
    object: 'invoice',
    parent: {
      quote_details: null,
      subscription_details: {
        // An immutable snapshot of the subscription's metadata, as Stripe takes at finalization.
        metadata: structuredClone(subscription.metadata),
        subscription: subscription.id,
      },
      type: 'subscription_details',
    },
    period_end: item.current_period_end,
    period_start: item.current_period_start,
    status: paid ? 'paid' : 'open',
    status_transitions: {
      finalized_at: created,
      marked_uncollectible_at: null,
      paid_at: paid ? created : null,
      voided_at: null,
    },
    subtotal: amount,
    total: amount,
  };
}

export function invoicePaymentObject(invoice: StripeObject, paymentIntentId: string): StripeObject {
  return {
    amount_paid: invoice.amount_paid,
    amount_requested: invoice.amount_due,
    created: nowSeconds(),
    currency: invoice.currency,
    id: localId('inpay'),
    invoice: invoice.id,
    is_default: true,
    livemode: false,
    object: 'invoice_payment',
    payment: { payment_intent: paymentIntentId, type: 'payment_intent' },
    status: 'paid',
    status_transitions: { canceled_at: null, paid_at: nowSeconds() },
  };
}

export function portalSessionObject(fields: {
  customer: string;
  returnUrl: string;
  gatewayUrl: string;
}): StripeObject {
  const id = localId('bps');
  return {
    configuration: 'bpc_local_default',
    created: nowSeconds(),
    customer: fields.customer,
    flow: null,
    id,
    livemode: false,
    locale: null,
    object: 'billing_portal.session',
    on_behalf_of: null,
    return_url: fields.returnUrl,
    url: `${fields.gatewayUrl}/local/stripe/portal?session=${id}`,
  };
}
