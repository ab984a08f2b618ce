import * as z from 'zod';
import { USER_ID_PATTERN } from '#shared/ledger/rules';
import { logger } from '#shared/logger';
import { refId } from '#shared/stripe/fulfilment';
import type { StripeRuntime } from '#shared/stripe/runtime';
import { invoiceSchema, subscriptionOfInvoice } from '#shared/subscriptions/allowance';
import { statusFromStripe } from '#shared/subscriptions/subscription';
import { writeSubscriptionState } from '#shared/subscriptions/subscription-store';

const idRef = z.union([z.string(), z.object({ id: z.string() })]);

/** The fields of a Subscription the status reads (the period end is on its items since 2025). */
export const subscriptionSchema = z.object({
  id: z.string().min(1).max(255),
  object: z.literal('subscription'),
  status: z.string(),
  customer: idRef,
  cancel_at_period_end: z.boolean(),
  metadata: z.record(z.string(), z.string()).nullable(),
  items: z.object({
    data: z.array(z.object({ current_period_end: z.number().int().nullish() })),
  }),
});
type StripeSubscription = z.infer<typeof subscriptionSchema>;

/** A subscription-mode Checkout Session, as `checkout.session.completed` brings it. */
export const subscriptionSessionSchema = z.object({
  id: z.string().min(1).max(255),
  object: z.literal('checkout.session'),
  mode: z.literal('subscription'),
  subscription: idRef.nullable(),
  metadata: z.record(z.string(), z.string()).nullable(),
});

export type StatusOutcome =
  | 'subscription-updated'
  | 'subscription-already-canceled'
  | 'not-a-coin-subscription';

/** Records a subscription as Stripe has it. Only subscriptions `/subscribe` started are ours. */
async function record(
  runtime: StripeRuntime,
  subscription: StripeSubscription,
): Promise<StatusOutcome> {
  const { userId, planId } = subscription.metadata ?? {};
  if (!userId || !planId || !USER_ID_PATTERN.test(userId)) {
    logger.info('subscription is not a coin subscription: left alone', {
      subscriptionId: subscription.id,
    });
    return 'not-a-coin-subscription';
  }
  const periodEnd = subscription.items.data[0]?.current_period_end;
  const written = await writeSubscriptionState(runtime.ledger.context, {
    subscriptionId: subscription.id,
    userId,
    planId,
    status: statusFromStripe(subscription.status),
    currentPeriodEnd: periodEnd ? new Date(periodEnd * 1000).toISOString() : null,
    cancelAtPeriodEnd: subscription.cancel_at_period_end,
    customerId: refId(subscription.customer),
  });
  logger.info('subscription status recorded', {
    subscriptionId: subscription.id,
    status: subscription.status,
    written,
  });
  return written === 'written' ? 'subscription-updated' : 'subscription-already-canceled';
}

/**
 * Events arrive in any order, so the subscription's state is read from Stripe when the event
 * comes rather than taken from the event: whichever event is handled last writes the latest
 * state. The one exception is final anyway: a deleted subscription is canceled for good.
 */
async function syncFromStripe(
  runtime: StripeRuntime,
  subscriptionId: string,
): Promise<StatusOutcome> {
  const current = await runtime.stripe.subscriptions.retrieve(subscriptionId);
  return record(runtime, subscriptionSchema.parse(current));
}

/** `checkout.session.completed` in subscription mode: the subscription it started. */
export async function subscriptionCheckoutCompleted(
  runtime: StripeRuntime,
  object: unknown,
): Promise<StatusOutcome> {
  const session = subscriptionSessionSchema.parse(object);
  const subscriptionId = refId(session.subscription ?? null);
  if (!session.metadata?.planId || !subscriptionId) return 'not-a-coin-subscription';
  return syncFromStripe(runtime, subscriptionId);
}

/** `customer.subscription.updated`: the status, period and cancel flag as they are now. */
export function subscriptionUpdated(runtime: StripeRuntime, object: unknown) {
  return syncFromStripe(runtime, subscriptionSchema.parse(object).id);
}

/** `customer.subscription.deleted`: canceled, for good; no later invoice is created. */
export function subscriptionDeleted(runtime: StripeRuntime, object: unknown) {
  return record(runtime, { ...subscriptionSchema.parse(object), status: 'canceled' });
}

/** `invoice.payment_failed`: no coins; the subscription is past due (as Stripe now says). */
export async function invoicePaymentFailed(
  runtime: StripeRuntime,
  object: unknown,
): Promise<StatusOutcome> {
  const invoice = invoiceSchema.parse(object);
  const subscription = subscriptionOfInvoice(invoice);
  if (!subscription?.metadata.planId) return 'not-a-coin-subscription';
  logger.warn('subscription invoice payment failed', {
    invoiceId: invoice.id,
    subscriptionId: subscription.subscriptionId,
  });
  return syncFromStripe(runtime, subscription.subscriptionId);
}
