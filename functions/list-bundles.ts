import type { BundlesResponse } from '#shared/api/purchase-schemas';
import { httpHandler } from '#shared/http/handler';
import { json } from '#shared/http/responses';
import { bundleCatalogue } from '#shared/stripe/bundles';

// Read at cold start: an invalid COIN_BUNDLES fails the function's start, loudly.
const catalogue = bundleCatalogue();

/** GET /bundles (public): the coin bundles on sale and their prices. */
export const handler = httpHandler(async () => {
  const response: BundlesResponse = { bundles: [...catalogue.bundles] };
  return json(200, response, { 'cache-control': 'public, max-age=60' });
});
