import type { PortalResponse } from '#shared/api/subscription-schemas';
import { requireUser } from '#shared/auth/caller';
import { httpHandler } from '#shared/http/handler';
import { json } from '#shared/http/responses';
import { stripeRuntime } from '#shared/stripe/runtime';
import { openBillingPortal } from '#shared/subscriptions/subscribe';

/** POST /subscription/portal: Stripe's customer portal (cancel, change card) for the caller. */
export const handler = httpHandler(async (event) => {
  const { userId } = requireUser(event);

  const portal = await openBillingPortal(await stripeRuntime(), userId);

  return json(200, portal satisfies PortalResponse);
});
