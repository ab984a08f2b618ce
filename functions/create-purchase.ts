import { type PurchaseResponse, purchaseRequestSchema } from '#shared/api/purchase-schemas';
import { idempotencyHeadersSchema } from '#shared/api/schemas';
import { requireUser } from '#shared/auth/caller';
import { httpHandler } from '#shared/http/handler';
import { parseHeaders, parseJsonBody } from '#shared/http/request';
import { json } from '#shared/http/responses';
import { bundleCatalogue } from '#shared/stripe/bundles';
import { createCheckout } from '#shared/stripe/checkout';
import { stripeRuntime } from '#shared/stripe/runtime';

// Read at cold start: an invalid COIN_BUNDLES fails the function's start, loudly.
bundleCatalogue();

/** POST /purchase: a Stripe Checkout Session for one bundle; the webhook credits it once paid. */
export const handler = httpHandler(async (event) => {
  const { userId } = requireUser(event);
  const { bundleId } = parseJsonBody(event, purchaseRequestSchema);
  const headers = parseHeaders(event, idempotencyHeadersSchema);

  const checkout = await createCheckout(await stripeRuntime(), {
    userId,
    bundleId,
    idempotencyKey: headers['idempotency-key'],
  });

  return json(200, checkout satisfies PurchaseResponse);
});
