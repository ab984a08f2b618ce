import type { PlansResponse } from '#shared/api/subscription-schemas';
import { httpHandler } from '#shared/http/handler';
import { json } from '#shared/http/responses';
import { subscriptionPlans } from '#shared/subscriptions/plans';

// Read at cold start: an invalid SUBSCRIPTION_PLANS fails the function's start, loudly.
const catalogue = subscriptionPlans();

/** GET /plans (public): the subscription plans, their monthly prices and allowances. */
export const handler = httpHandler(async () => {
  const response: PlansResponse = { plans: [...catalogue.plans] };
  return json(200, response, { 'cache-control': 'public, max-age=60' });
});
