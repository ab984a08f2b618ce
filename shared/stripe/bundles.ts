import * as z from 'zod';
import {
  byId,
  catalogueFromEnv,
  catalogueIdSchema,
  catalogueSchema,
  currencySchema,
  priceCentsSchema,
} from '#shared/catalogue/catalogue';
import { MAX_AMOUNT } from '#shared/ledger/rules';

/**
 * The coin bundles users can buy. Prices live here, on the server: the client only names a
 * bundle, and the webhook credits what this catalogue says the bundle is worth.
 */
export interface Bundle {
  readonly id: string;
  readonly coins: number;
  /** In the currency's smallest unit, as Stripe counts it. */
  readonly priceCents: number;
  /** Lower-case ISO 4217 code, as Stripe writes it. */
  readonly currency: string;
}

/** The seed's discounted bundles (USD). */
export const DEFAULT_BUNDLES: readonly Bundle[] = [
  { id: 'coins-100', coins: 100, priceCents: 99, currency: 'usd' },
  { id: 'coins-500', coins: 500, priceCents: 449, currency: 'usd' },
  { id: 'coins-1000', coins: 1_000, priceCents: 849, currency: 'usd' },
  { id: 'coins-2500', coins: 2_500, priceCents: 1_999, currency: 'usd' },
  { id: 'coins-5000', coins: 5_000, priceCents: 3_799, currency: 'usd' },
  { id: 'coins-10000', coins: 10_000, priceCents: 6_999, currency: 'usd' },
];

const bundleSchema = z.strictObject({
  id: catalogueIdSchema,
  coins: z.number().int().min(1).max(MAX_AMOUNT),
  priceCents: priceCentsSchema,
  currency: currencySchema,
});

export const bundlesSchema = catalogueSchema(bundleSchema, 50, 'bundle');

export interface BundleCatalogue {
  readonly bundles: readonly Bundle[];
  find(bundleId: string): Bundle | undefined;
}

export function catalogueOf(bundles: readonly Bundle[]): BundleCatalogue {
  return { bundles, find: byId(bundles) };
}

/** The catalogue from `COIN_BUNDLES` (a JSON array of `{ id, coins, priceCents, currency? }`), or
 * the defaults when it is unset; an invalid value throws (shared/catalogue). */
export function loadBundles(env: NodeJS.ProcessEnv = process.env): BundleCatalogue {
  return catalogueOf(
    catalogueFromEnv(env, 'COIN_BUNDLES', bundlesSchema, DEFAULT_BUNDLES, 'bundle catalogue'),
  );
}

let processCatalogue: BundleCatalogue | undefined;

/** Read once per process. Handlers call it at module scope so a bad catalogue fails the cold start. */
export function bundleCatalogue(): BundleCatalogue {
  processCatalogue ??= loadBundles();
  return processCatalogue;
}
