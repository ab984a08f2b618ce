import Stripe from 'stripe';
import type { LocalRoute } from '#infra/local/gateway';
import { type StandInState, startStripeApiServer } from '#infra/local/stripe-api-server';
import { type Billing, createBilling } from '#infra/local/stripe-billing';
import { stripeBillingRoutes } from '#infra/local/stripe-billing-routes';
import { stripeStandInRoutes } from '#infra/local/stripe-checkout-routes';
import {
  chargeObject,
  disputeObject,
  eventObject,
  LOCAL_CUSTOMER_DETAILS,
  localId,
  paymentIntentObject,
  refundObject,
  StandInError,
  type StripeObject,
} from '#infra/local/stripe-objects';
import { API_BASE_PATH } from '#infra/routes';
import { logger } from '#shared/logger';
import { isLocalStripeKey, LOCAL_SECRET_KEY_PREFIX } from '#shared/stripe/settings';

/**
 * A development stand-in for Stripe, for `npm start` and the tests when there is no test-mode
 * key: the real `stripe` SDK is pointed at it (`STRIPE_API_BASE`), it creates Checkout Sessions,
 * and its checkout page (served by the local gateway) pays them and delivers the signed
 * `checkout.session.completed` to the webhook, as Stripe does. Refunds (also through the API, as
 * the webhook makes them) and disputes are local routes; so are subscriptions' renewals, failed
 * payments and the customer portal (infra/local/stripe-billing.ts). It keeps its state in memory, implements only what DasWos Coins calls, and never
 * retries a failed delivery. It is not Stripe: test against Stripe's test mode before release.
 */
export const LOCAL_STRIPE_SECRET_KEY = `${LOCAL_SECRET_KEY_PREFIX}stand_in`;
export const LOCAL_WEBHOOK_SECRET = 'whsec_local_daswos_coins';

export function usesStripeStandIn(env: NodeJS.ProcessEnv = process.env): boolean {
  return !env.STRIPE_SECRET_ARN && isLocalStripeKey(env.STRIPE_SECRET_KEY?.trim());
}

export interface WebhookDelivery {
  readonly eventId: string;
  readonly type: string;
  readonly status: number;
  readonly body: string;
}

export interface StripeStandIn {
  /** Where the SDK is pointed. */
  readonly apiUrl: string;
  /** Checkout page, pay, cancel, refunds, disputes: served by the local gateway. */
  readonly routes: readonly LocalRoute[];
  /** Tells the stand-in the gateway's URL: the checkout pages and the webhook live there. */
  connect(gatewayUrl: string): void;
  session(sessionId: string): StripeObject | undefined;
  /** What the purchase asked Stripe for (a session does not echo payment_intent_data). */
  creationParams(sessionId: string): Record<string, unknown> | undefined;
  /** Pays and, unless told not to, delivers checkout.session.completed; returns the success URL. */
  pay(
    sessionId: string,
    options?: { deliver?: boolean },
  ): Promise<{ redirect: string; delivery?: WebhookDelivery }>;
  /** The cancel URL: the session stays open, as on Stripe. */
  cancel(sessionId: string): string;
  refund(
    sessionId: string,
    amountCents?: number,
  ): Promise<{ refund: StripeObject; delivery: WebhookDelivery }>;
  /** Events sent after an API call answered (a refund made through `POST /v1/refunds`), in order. */
  readonly laterDeliveries: readonly WebhookDelivery[];
  /** Resolves once every event sent after an API call has been answered by the webhook. */
  settled(): Promise<void>;
  dispute(
    sessionId: string,
    amountCents?: number,
  ): Promise<{ dispute: StripeObject; delivery: WebhookDelivery }>;
  /** Stripe Billing: subscriptions (`billing.pay` a subscription session), their invoices,
   * renewals, failures and cancels (the portal). */
  readonly billing: Billing;
  /** Refunds an invoice's payment (all that is left of it, or `amountCents`): `charge.refunded`. */
  refundInvoice(
    invoiceId: string,
    amountCents?: number,
  ): Promise<{ refund: StripeObject; delivery: WebhookDelivery }>;
  stop(): Promise<void>;
}

export async function startStripeStandIn(
  env: NodeJS.ProcessEnv = process.env,
): Promise<StripeStandIn> {
  const state: StandInState = {
    sessions: new Map(),
    paymentIntents: new Map(),
    charges: new Map(),
    gatewayUrl: undefined,
  };
  const api = await startStripeApiServer(state);
  const billing = createBilling({
    paymentIntents: state.paymentIntents,
    charges: state.charges,
    gatewayUrl: () => state.gatewayUrl,
    deliver: (type, object) => deliver(type, object),
  });
  state.billingApi = billing.api;
  // The handlers' Stripe client reads these when it is first built.
  if (!env.STRIPE_SECRET_KEY?.trim()) env.STRIPE_SECRET_KEY = LOCAL_STRIPE_SECRET_KEY;
  if (!env.STRIPE_WEBHOOK_SECRET?.trim()) env.STRIPE_WEBHOOK_SECRET = LOCAL_WEBHOOK_SECRET;
  env.STRIPE_API_BASE = api.url;

  /** Signs and posts an event to the webhook as Stripe would: one attempt, no retries. */
  async function deliver(type: string, object: StripeObject): Promise<WebhookDelivery> {
    if (!state.gatewayUrl) throw new StandInError(503, 'The stand-in is not connected yet');
    const event = eventObject(type, structuredClone(object));
    const payload = JSON.stringify(event, null, 2);
    const signature = Stripe.webhooks.generateTestHeaderString({
      payload,
      secret: env.STRIPE_WEBHOOK_SECRET ?? '',
    });
    const response = await fetch(`${state.gatewayUrl}${API_BASE_PATH}/webhook`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'stripe-signature': signature,
        'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
      },
      body: payload,
    });
    const body = await response.text();
    if (response.status >= 300) {
      logger.warn('local Stripe: the webhook refused a delivery', {
        type,
        status: response.status,
        body,
      });
    }
    return { eventId: String(event.id), type, status: response.status, body };
  }

  function sessionFor(sessionId: string) {
    const entry = state.sessions.get(sessionId);
    if (!entry) throw new StandInError(404, `No such checkout session: ${sessionId}`);
    return entry;
  }

  function paidCharge(sessionId: string): StripeObject {
    const intent = state.paymentIntents.get(String(sessionFor(sessionId).object.payment_intent));
    const charge = intent && state.charges.get(String(intent.latest_charge));
    if (!charge) throw new StandInError(409, `Checkout session ${sessionId} is not paid`);
    return charge;
  }

  function chargeOfPayment(paymentIntentId: string): StripeObject {
    const intent = state.paymentIntents.get(paymentIntentId);
    const charge = intent && state.charges.get(String(intent.latest_charge));
    if (!charge) {
      throw new StandInError(
        404,
        `No such payment_intent: '${paymentIntentId}'`,
        'resource_missing',
      );
    }
    return charge;
  }

  function refundCharge(
    charge: StripeObject,
    amountCents: number | undefined,
    metadata: Record<string, string> = {},
  ): StripeObject {
    if (charge.refunded === true) {
      throw new StandInError(
        400,
        `Charge ${String(charge.id)} has already been refunded.`,
        'charge_already_refunded',
      );
    }
    const created = refundObject(charge, amountToTake(charge, amountCents), metadata);
    const refunded = Number(charge.amount_refunded) + Number(created.amount);
    (charge.refunds as { data: StripeObject[] }).data.unshift(created);
    Object.assign(charge, { amount_refunded: refunded, refunded: refunded === charge.amount });
    return created;
  }

  const laterDeliveries: WebhookDelivery[] = [];
  const inFlight = new Set<Promise<void>>();

  /** Stripe sends an API call's events after answering it; so does the stand-in. */
  function deliverLater(type: string, object: StripeObject): void {
    const snapshot = structuredClone(object);
    const delivery: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => deliver(type, snapshot))
      .then(
        (done) => {
          laterDeliveries.push(done);
        },
        (error: unknown) => {
          logger.warn('local Stripe: a delivery failed', { type, error: error as Error });
        },
      )
      .finally(() => inFlight.delete(delivery));
    inFlight.add(delivery);
  }

  async function settled(): Promise<void> {
    while (inFlight.size > 0) await Promise.all([...inFlight]);
  }

  state.refundPayment = ({ paymentIntentId, amount, metadata }) => {
    const charge = chargeOfPayment(paymentIntentId);
    const created = refundCharge(charge, amount, metadata);
    deliverLater('charge.refunded', charge);
    return created;
  };

  function amountToTake(charge: StripeObject, amountCents: number | undefined): number {
    const remaining = Number(charge.amount) - Number(charge.amount_refunded);
    const amount = amountCents ?? remaining;
    if (!Number.isInteger(amount) || amount < 1 || amount > remaining) {
      throw new StandInError(400, `The amount must be whole cents from 1 to ${remaining}`);
    }
    return amount;
  }

  async function pay(sessionId: string, options: { deliver?: boolean } = {}) {
    if (billing.session(sessionId)) {
      const { redirect, deliveries } = await billing.pay(sessionId, options);
      return { redirect, ...(deliveries[0] ? { delivery: deliveries[0] } : {}) };
    }
    const { object: session, params } = sessionFor(sessionId);
    const redirect = String(session.success_url).replaceAll('{CHECKOUT_SESSION_ID}', sessionId);
    if (session.payment_status === 'paid') return { redirect };
    const paymentIntentId = localId('pi');
    const chargeId = localId('ch');
    const money = {
      amount: Number(session.amount_total),
      currency: String(session.currency),
      metadata: params.payment_intent_data.metadata,
    };
    state.paymentIntents.set(
      paymentIntentId,
      paymentIntentObject({ id: paymentIntentId, chargeId, ...money }),
    );
    state.charges.set(chargeId, chargeObject({ id: chargeId, paymentIntentId, ...money }));
    Object.assign(session, {
      payment_intent: paymentIntentId,
      payment_status: 'paid',
      status: 'complete',
      customer_details: LOCAL_CUSTOMER_DETAILS,
    });
    if (options.deliver === false) return { redirect };
    return { redirect, delivery: await deliver('checkout.session.completed', session) };
  }

  async function refund(sessionId: string, amountCents?: number) {
    const charge = paidCharge(sessionId);
    const created = refundCharge(charge, amountCents);
    return { refund: created, delivery: await deliver('charge.refunded', charge) };
  }

  async function dispute(sessionId: string, amountCents?: number) {
    const charge = paidCharge(sessionId);
    const created = disputeObject(charge, amountToTake(charge, amountCents));
    charge.disputed = true;
    return { dispute: created, delivery: await deliver('charge.dispute.created', created) };
  }

  async function refundInvoice(invoiceId: string, amountCents?: number) {
    const charge = chargeOfPayment(billing.paymentOfInvoice(invoiceId));
    const created = refundCharge(charge, amountCents);
    return { refund: created, delivery: await deliver('charge.refunded', charge) };
  }

  const operations = {
    apiUrl: api.url,
    billing,
    refundInvoice,
    connect: (gatewayUrl: string) => {
      state.gatewayUrl = gatewayUrl;
    },
    session: (sessionId: string) =>
      state.sessions.get(sessionId)?.object ?? billing.session(sessionId),
    creationParams: (sessionId: string) => state.sessions.get(sessionId)?.params,
    pay,
    cancel: (sessionId: string) =>
      String((billing.session(sessionId) ?? sessionFor(sessionId).object).cancel_url),
    refund,
    dispute,
    laterDeliveries,
    settled,
    stop: async () => {
      await settled();
      await api.stop();
    },
  };
  const standIn: StripeStandIn = {
    ...operations,
    routes: [...stripeStandInRoutes(operations), ...stripeBillingRoutes(operations)],
  };
  return standIn;
}
