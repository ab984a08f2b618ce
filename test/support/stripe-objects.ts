import type Stripe from 'stripe';

/**
 * Stripe API objects as Stripe documents them (the API reference's example objects), written out
 * here so the tests need nothing beside the repository. Each builder is typed with the `stripe`
 * SDK's own interface for the pinned API version, so a field the API renamed, moved or made
 * required fails the type check instead of drifting silently. Ids and amounts are placeholders:
 * callers override what their test is about.
 */

const CREATED = 1_700_000_000;

function nullAddress(): Stripe.Address {
  return { city: null, country: null, line1: null, line2: null, postal_code: null, state: null };
}

export function checkoutSessionObject(): Stripe.Checkout.Session {
  const id = 'cs_test_a1vvp1B50lYAE8U2KLu1lzd6US91IMmBfnLfDXmJiKOQIzXbgFKgxUviQu';
  return {
    id,
    object: 'checkout.session',
    adaptive_pricing: null,
    after_expiration: null,
    allow_promotion_codes: null,
    allowed_payment_method_types: null,
    amount_subtotal: null,
    amount_total: null,
    automatic_tax: { enabled: false, liability: null, provider: null, status: null },
    billing_address_collection: null,
    cancel_url: 'https://example.com/cancel',
    client_reference_id: null,
    client_secret: null,
    collected_information: null,
    consent: null,
    consent_collection: null,
    created: CREATED,
    currency: null,
    currency_conversion: null,
    custom_fields: [],
    custom_text: {
      after_submit: null,
      shipping_address: null,
      submit: null,
      terms_of_service_acceptance: null,
    },
    customer: null,
    customer_account: null,
    customer_creation: null,
    customer_details: {
      address: null,
      business_name: null,
      email: 'example@example.com',
      individual_name: null,
      name: null,
      phone: null,
      tax_exempt: 'none',
      tax_ids: null,
    },
    customer_email: null,
    discounts: null,
    expires_at: CREATED + 24 * 60 * 60,
    integration_identifier: null,
    invoice: null,
    invoice_creation: null,
    livemode: false,
    locale: null,
    managed_payments: null,
    metadata: {},
    mode: 'payment',
    origin_context: null,
    payment_intent: 'pi_1MoS6fLgUG5tbmjca6AdBPsl',
    payment_link: null,
    payment_method_collection: null,
    payment_method_configuration_details: null,
    payment_method_options: {},
    payment_method_types: ['card'],
    payment_status: 'unpaid',
    permissions: null,
    phone_number_collection: { enabled: false },
    recovered_from: null,
    saved_payment_method_options: null,
    setup_intent: null,
    shipping_address_collection: null,
    shipping_cost: null,
    shipping_options: [],
    status: 'open',
    submit_type: null,
    subscription: null,
    success_url: 'https://example.com/success',
    total_details: null,
    ui_mode: 'hosted',
    url: `https://checkout.stripe.com/c/pay/${id}`,
    wallet_options: null,
  };
}

export function chargeObject(): Stripe.Charge {
  const id = 'ch_1MoS30LgUG5tbmjcjfsQqpHI';
  return {
    id,
    object: 'charge',
    amount: 100,
    amount_captured: 0,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: 'txn_1Moqx7LgUG5tbmjcEekVfAbn',
    billing_details: {
      address: nullAddress(),
      email: null,
      name: 'Jenny Rosen',
      phone: null,
      tax_id: null,
    },
    calculated_statement_descriptor: null,
    captured: false,
    created: CREATED,
    currency: 'usd',
    customer: null,
    description: 'My First Test Charge (created for API docs)',
    disputed: false,
    failure_balance_transaction: null,
    failure_code: null,
    failure_message: null,
    fraud_details: {},
    livemode: false,
    metadata: {},
    on_behalf_of: null,
    outcome: null,
    paid: true,
    payment_intent: null,
    payment_method: 'card_1MoRxGLgUG5tbmjcfQwEkNkb',
    payment_method_details: null,
    receipt_email: null,
    receipt_number: null,
    receipt_url: null,
    refunded: false,
    refunds: { object: 'list', data: [], has_more: false, url: `/v1/charges/${id}/refunds` },
    review: null,
    shipping: null,
    source: null,
    source_transfer: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: 'succeeded',
    transfer_data: null,
    transfer_group: null,
  };
}

export function refundObject(): Stripe.Refund {
  return {
    id: 're_1MoqxHLgUG5tbmjcYO7PFWn6',
    object: 'refund',
    amount: 100,
    balance_transaction: null,
    charge: 'ch_1MoS30LgUG5tbmjcjfsQqpHI',
    created: CREATED,
    currency: 'usd',
    customer: null,
    customer_account: null,
    metadata: {},
    payment_intent: null,
    payment_method: null,
    reason: null,
    receipt_number: null,
    source_transfer_reversal: null,
    status: 'succeeded',
    transfer_reversal: null,
  };
}

const EVIDENCE: Stripe.Dispute.Evidence = {
  access_activity_log: null,
  billing_address: null,
  cancellation_policy: null,
  cancellation_policy_disclosure: null,
  cancellation_rebuttal: null,
  customer_communication: null,
  customer_email_address: null,
  customer_name: null,
  customer_purchase_ip: null,
  customer_signature: null,
  duplicate_charge_documentation: null,
  duplicate_charge_explanation: null,
  duplicate_charge_id: null,
  enhanced_evidence: {},
  product_description: null,
  receipt: null,
  refund_policy: null,
  refund_policy_disclosure: null,
  refund_refusal_explanation: null,
  service_date: null,
  service_documentation: null,
  shipping_address: null,
  shipping_carrier: null,
  shipping_date: null,
  shipping_documentation: null,
  shipping_tracking_number: null,
  uncategorized_file: null,
  uncategorized_text: null,
};

export function disputeObject(): Stripe.Dispute {
  return {
    id: 'dp_1MoqxHLgUG5tbmjcom3Mmh0p',
    object: 'dispute',
    amount: 1000,
    balance_transactions: [],
    charge: 'ch_1MoS30LgUG5tbmjcjfsQqpHI',
    created: CREATED,
    currency: 'usd',
    enhanced_eligibility_types: [],
    evidence: structuredClone(EVIDENCE),
    evidence_details: {
      due_by: CREATED + 7 * 24 * 60 * 60,
      enhanced_eligibility: {},
      has_evidence: false,
      past_due: false,
      submission_count: 0,
      submission_method: 'not_submitted',
    },
    intended_submission_method: null,
    is_charge_refundable: true,
    livemode: false,
    metadata: {},
    payment_intent: null,
    reason: 'general',
    status: 'warning_needs_response',
  };
}

/**
 * The envelope every event shares, around an object. `api_version` is the one the `stripe` SDK
 * pins: the version an endpoint created for this code renders its events in.
 */
export function eventEnvelope(apiVersion: string): Omit<Stripe.EventBase, 'type' | 'data'> {
  return {
    id: 'evt_1MoS6tLgUG5tbmjchDsX6fiT',
    object: 'event',
    api_version: apiVersion,
    created: CREATED,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
  };
}
