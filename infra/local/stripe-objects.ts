import { randomBytes } from 'node:crypto';
import Stripe from 'stripe';

/**
 * Stripe objects as the local stand-in hands them out and sends them in events: the field set of
 * Stripe's published example objects, with the stand-in's values, so code that reads them
 * behaves as it will against Stripe.
 */
export type StripeObject = Record<string, unknown>;

export function localId(prefix: string): string {
  return `${prefix}_local_${randomBytes(12).toString('base64url').replace(/[-_]/g, 'x')}`;
}

export const nowSeconds = () => Math.floor(Date.now() / 1000);

export interface SessionFields {
  readonly id: string;
  readonly amount: number;
  readonly currency: string;
  readonly clientReferenceId: string | null;
  readonly metadata: Record<string, string>;
  readonly successUrl: string;
  readonly cancelUrl: string;
  readonly url: string;
}

export function checkoutSessionObject(fields: SessionFields): StripeObject {
  const created = nowSeconds();
  return {
    after_expiration: null,
    allow_promotion_codes: null,
    amount_subtotal: fields.amount,
    amount_total: fields.amount,
    automatic_tax: { enabled: false, status: null },
    billing_address_collection: null,
    cancel_url: fields.cancelUrl,
    client_reference_id: fields.clientReferenceId,
    consent: null,
    consent_collection: null,
    created,
    currency: fields.currency,
    custom_fields: [],
    custom_text: { shipping_address: null, submit: null },
    customer: null,
    customer_creation: 'if_required',
    customer_details: null,
    customer_email: null,
    expires_at: created + 24 * 60 * 60,
    id: fields.id,
    invoice: null,
    invoice_creation: null,
    livemode: false,
    locale: null,
    metadata: fields.metadata,
    mode: 'payment',
    object: 'checkout.session',
    payment_intent: null,
    payment_link: null,
    payment_method_collection: 'if_required',
    payment_method_options: {},
    payment_method_types: ['card'],
    payment_status: 'unpaid',
    phone_number_collection: { enabled: false },
    recovered_from: null,
    setup_intent: null,
    shipping_address_collection: null,
    shipping_cost: null,
    shipping_details: null,
    shipping_options: [],
    status: 'open',
    submit_type: null,
    subscription: null,
    success_url: fields.successUrl,
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    url: fields.url,
  };
}

export const LOCAL_CUSTOMER_DETAILS = {
  address: null,
  email: 'buyer@example.com',
  name: 'Local Buyer',
  phone: null,
  tax_exempt: 'none',
  tax_ids: [],
};

export function paymentIntentObject(fields: {
  id: string;
  amount: number;
  currency: string;
  metadata: Record<string, string>;
  chargeId: string;
}): StripeObject {
  return {
    amount: fields.amount,
    amount_capturable: 0,
    amount_details: { tip: {} },
    amount_received: fields.amount,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: null,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: 'automatic',
    client_secret: `${fields.id}_secret_${randomBytes(8).toString('hex')}`,
    confirmation_method: 'automatic',
    created: nowSeconds(),
    currency: fields.currency,
    customer: null,
    description: null,
    id: fields.id,
    invoice: null,
    last_payment_error: null,
    latest_charge: fields.chargeId,
    livemode: false,
    metadata: fields.metadata,
    next_action: null,
    object: 'payment_intent',
    on_behalf_of: null,
    payment_method: 'pm_local_card_visa',
    payment_method_options: {},
    payment_method_types: ['card'],
    processing: null,
    receipt_email: null,
    review: null,
    setup_future_usage: null,
    shipping: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: 'succeeded',
    transfer_data: null,
    transfer_group: null,
  };
}

export function chargeObject(fields: {
  id: string;
  amount: number;
  currency: string;
  metadata: Record<string, string>;
  paymentIntentId: string;
}): StripeObject {
  return {
    amount: fields.amount,
    amount_captured: fields.amount,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: localId('txn'),
    billing_details: {
      address: {
        city: null,
        country: null,
        line1: null,
        line2: null,
        postal_code: null,
        state: null,
      },
      email: LOCAL_CUSTOMER_DETAILS.email,
      name: LOCAL_CUSTOMER_DETAILS.name,
      phone: null,
    },
    calculated_statement_descriptor: 'DASWOS COINS',
    captured: true,
    created: nowSeconds(),
    currency: fields.currency,
    customer: null,
    description: null,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: null,
    failure_message: null,
    fraud_details: {},
    id: fields.id,
    invoice: null,
    livemode: false,
    // Stripe copies the PaymentIntent's metadata to the charges it creates.
    metadata: fields.metadata,
    object: 'charge',
    on_behalf_of: null,
    outcome: null,
    paid: true,
    payment_intent: fields.paymentIntentId,
    payment_method: 'pm_local_card_visa',
    payment_method_details: {
      card: { brand: 'visa', last4: '4242', funding: 'credit' },
      type: 'card',
    },
    receipt_email: null,
    receipt_number: null,
    receipt_url: null,
    refunded: false,
    refunds: { data: [], has_more: false, object: 'list', url: `/v1/charges/${fields.id}/refunds` },
    review: null,
    shipping: null,
    source_transfer: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: 'succeeded',
    transfer_data: null,
    transfer_group: null,
  };
}

export function refundObject(
  charge: StripeObject,
  amount: number,
  metadata: Record<string, string> = {},
): StripeObject {
  return {
    amount,
    balance_transaction: localId('txn'),
    charge: charge.id,
    created: nowSeconds(),
    currency: charge.currency,
    id: localId('re'),
    metadata,
    object: 'refund',
    payment_intent: charge.payment_intent,
    reason: 'requested_by_customer',
    receipt_number: null,
    source_transfer_reversal: null,
    status: 'succeeded',
    transfer_reversal: null,
  };
}

const EVIDENCE_FIELDS = [
  'access_activity_log',
  'billing_address',
  'cancellation_policy',
  'customer_communication',
  'customer_email_address',
  'customer_name',
  'product_description',
  'receipt',
  'refund_policy',
  'uncategorized_text',
];

export function disputeObject(charge: StripeObject, amount: number): StripeObject {
  return {
    amount,
    balance_transactions: [],
    charge: charge.id,
    created: nowSeconds(),
    currency: charge.currency,
    evidence: Object.fromEntries(EVIDENCE_FIELDS.map((name) => [name, null])),
    evidence_details: {
      due_by: nowSeconds() + 7 * 24 * 60 * 60,
      has_evidence: false,
      past_due: false,
      submission_count: 0,
    },
    id: localId('dp'),
    is_charge_refundable: false,
    livemode: false,
    metadata: {},
    object: 'dispute',
    payment_intent: charge.payment_intent,
    reason: 'fraudulent',
    status: 'needs_response',
  };
}

export function eventObject(type: string, object: StripeObject): StripeObject {
  return {
    api_version: Stripe.API_VERSION,
    created: nowSeconds(),
    data: { object },
    id: localId('evt'),
    livemode: false,
    object: 'event',
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
  };
}

export function stripeError(status: number, type: string, message: string, code?: string) {
  return { status, body: { error: { type, message, ...(code ? { code } : {}) } } };
}

/** An operation the stand-in refuses, with the HTTP status a client should see. */
export class StandInError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Stripe's error code, when Stripe has one for this refusal. */
    readonly code?: string,
  ) {
    super(message);
  }
}
