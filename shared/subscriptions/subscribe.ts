import { createHash, randomUUID } from 'node:crypto';
import { SupplyExhaustedError, ValidationError } from '#shared/errors';
import type { StripeRuntime } from '#shared/stripe/runtime';
import { AlreadySubscribedError, NoSubscriptionError } from '#shared/subscriptions/errors';
import { type Plan, subscriptionPlans } from '#shared/subscriptions/plans';
import { LIVE_STATUSES, type UserItem } from '#shared/subscriptions/subscription';
import {
  readSubscriptionItem,
  readUserItem,
  recordCustomer,
} from '#shared/subscriptions/subscription-store';

export interface SubscribeRequest {
  readonly userId: string;
  readonly planId: string;
  /** The client's Idempotency-Key: a retried request gets the same Checkout Session back. */
  readonly idempotencyKey?: string | undefined;
}

export interface SubscribeResult {
  readonly sessionId: string;
  readonly url: string;
}

/** What the webhook reads back from the session, the subscription and each of its invoices. */
export function subscriptionMetadata(userId: string, plan: Plan): Record<string, string> {
  return { userId, planId: plan.id };
}

/** Stripe's idempotency key of the user's one customer: two first subscribes make one. */
export function customerIdempotencyKey(userId: string): string {
  return `daswos-customer-${userId}`;
}

/**
 * The user's Stripe customer: the recorded one, or a new one (with a key derived from the user,
 * so a retry or a concurrent first subscribe gets the same customer back from Stripe).
 */
async function customerOf(
  runtime: StripeRuntime,
  userId: string,
  user: UserItem | undefined,
): Promise<string> {
  if (user?.customer_id) return user.customer_id;
  const customer = await runtime.stripe.customers.create(
    { metadata: { userId } },
    { idempotencyKey: customerIdempotencyKey(userId) },
  );
  return recordCustomer(runtime.ledger.context, userId, customer.id);
}

/** A courtesy check before Checkout (two concurrent subscribes can both pass it). */
async function assertNotSubscribed(
  runtime: StripeRuntime,
  user: UserItem | undefined,
): Promise<void> {
  if (!user?.subscription_id) return;
  const item = await readSubscriptionItem(runtime.ledger.context, user.subscription_id);
  if (item && LIVE_STATUSES.has(item.status)) throw new AlreadySubscribedError();
}

function checkoutIdempotencyKey(request: SubscribeRequest, plan: Plan): string {
  if (request.idempotencyKey === undefined) return `daswos-subscribe-${randomUUID()}`;
  const digest = createHash('sha256')
    .update(JSON.stringify([request.userId, plan, request.idempotencyKey]))
    .digest('base64url');
  return `daswos-subscribe-${digest}`;
}

/**
 * Opens a Stripe Checkout Session in subscription mode for one plan at the catalogue's monthly
 * price, on the user's one Stripe customer. Nothing is credited here: each paid invoice is, by
 * the webhook. The user's wallet is made sure of first, so no allowance is paid into nothing.
 */
export async function createSubscriptionCheckout(
  runtime: StripeRuntime,
  request: SubscribeRequest,
): Promise<SubscribeResult> {
  const { clientUrl } = runtime;
  if (!clientUrl) throw new Error('CLIENT_URL is not set: Checkout has nowhere to return to');
  const plan = subscriptionPlans().find(request.planId);
  if (!plan) throw new ValidationError(`planId: there is no plan "${request.planId}"`);
  const user = await readUserItem(runtime.ledger.context, request.userId);
  await assertNotSubscribed(runtime, user);
  if (!(await runtime.ledger.supplyCovers(plan.coinsPerMonth))) throw new SupplyExhaustedError();
  await runtime.ledger.ensureWallet(request.userId);
  const customer = await customerOf(runtime, request.userId, user);

  const metadata = subscriptionMetadata(request.userId, plan);
  const session = await runtime.stripe.checkout.sessions.create(
    {
      mode: 'subscription',
      customer,
      line_items: [
        {
          quantity: 1,
          price_data: {
            currency: plan.currency,
            unit_amount: plan.priceCents,
            recurring: { interval: 'month' },
            product_data: {
              name: `DasWos Coins ${plan.name}: ${plan.coinsPerMonth.toLocaleString('en-US')} coins a month`,
            },
          },
        },
      ],
      client_reference_id: request.userId,
      metadata,
      // Stripe copies subscription metadata onto each invoice (parent.subscription_details).
      subscription_data: { metadata },
      // The page reads GET /subscription; `subscribed=1` tells it the buyer has just come back
      // from Checkout, so it says the subscription is being confirmed until the webhook lands.
      success_url: `${clientUrl}/daswos-coins?subscribed=1`,
      cancel_url: `${clientUrl}/daswos-coins/cancel`,
    },
    { idempotencyKey: checkoutIdempotencyKey(request, plan) },
  );
  if (!session.url) throw new Error(`Checkout Session ${session.id} has no URL`);
  return { sessionId: session.id, url: session.url };
}

/** A Stripe customer-portal session (cancel, change card) that returns to the coins page. */
export async function openBillingPortal(
  runtime: StripeRuntime,
  userId: string,
): Promise<{ url: string }> {
  const { clientUrl } = runtime;
  if (!clientUrl) throw new Error('CLIENT_URL is not set: the portal has nowhere to return to');
  const customer = (await readUserItem(runtime.ledger.context, userId))?.customer_id;
  if (!customer) throw new NoSubscriptionError();
  const session = await runtime.stripe.billingPortal.sessions.create({
    customer,
    return_url: `${clientUrl}/daswos-coins`,
  });
  return { url: session.url };
}
