import { idempotencyHeadersSchema } from '#shared/api/schemas';
import { type SubscribeResponse, subscribeRequestSchema } from '#shared/api/subscription-schemas';
import { requireUser } from '#shared/auth/caller';
import { httpHandler } from '#shared/http/handler';
import { parseHeaders, parseJsonBody } from '#shared/http/request';
import { json } from '#shared/http/responses';
import { stripeRuntime } from '#shared/stripe/runtime';
import { subscriptionPlans } from '#shared/subscriptions/plans';
import { createSubscriptionCheckout } from '#shared/subscriptions/subscribe';

// Read at cold start: an invalid SUBSCRIPTION_PLANS fails the function's start, loudly.
subscriptionPlans();

/** POST /subscribe: a Checkout Session in subscription mode; the webhook credits each paid month. */
export const handler = httpHandler(async (event) => {
  const { userId } = requireUser(event);
  const { planId } = parseJsonBody(event, subscribeRequestSchema);
  const headers = parseHeaders(event, idempotencyHeadersSchema);

  const checkout = await createSubscriptionCheckout(await stripeRuntime(), {
    userId,
    planId,
    idempotencyKey: headers['idempotency-key'],
  });

  return json(200, checkout satisfies SubscribeResponse);
});
