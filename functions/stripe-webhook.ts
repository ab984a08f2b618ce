import type { WebhookResponse } from '#shared/api/purchase-schemas';
import { httpHandler } from '#shared/http/handler';
import { rawBody } from '#shared/http/request';
import { json } from '#shared/http/responses';
import { bundleCatalogue } from '#shared/stripe/bundles';
import { stripeRuntime } from '#shared/stripe/runtime';
import { handleStripeWebhook } from '#shared/stripe/webhook';

// Read at cold start: an invalid COIN_BUNDLES fails the function's start, loudly.
bundleCatalogue();

/**
 * POST /webhook (Stripe): no body parser here. The signature covers the exact bytes Stripe sent,
 * so the raw body (base64-decoded when API Gateway encoded it) goes to verification untouched.
 */
export const handler = httpHandler(async (event) => {
  const signature = event.headers?.['stripe-signature'];

  const result = await handleStripeWebhook(await stripeRuntime(), rawBody(event), signature);

  return json(200, { received: true, outcome: result.outcome } satisfies WebhookResponse);
});
