import * as z from 'zod';
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

/** Stripe's largest amount is eight digits in the smallest unit. */
const MAX_PRICE_CENTS = 99_999_999;

const bundleSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be 1 to 64 of a-z, 0-9 and -'),
  coins: z.number().int().min(1).max(MAX_AMOUNT),
  priceCents: z.number().int().min(1).max(MAX_PRICE_CENTS),
  currency: z
    .string()
    .regex(/^[A-Za-z]{3}$/, 'must be a three-letter ISO 4217 code')
    .transform((code) => code.toLowerCase())
    .default('usd'),
});

export const bundlesSchema = z
  .array(bundleSchema)
  .min(1)
  .max(50)
  .refine((bundles) => new Set(bundles.map((b) => b.id)).size === bundles.length, {
    message: 'bundle ids must be unique',
  });

export interface BundleCatalogue {
  readonly bundles: readonly Bundle[];
  find(bundleId: string): Bundle | undefined;
}

export function catalogueOf(bundles: readonly Bundle[]): BundleCatalogue {
  const byId = new Map(bundles.map((bundle) => [bundle.id, bundle]));
  return { bundles, find: (bundleId) => byId.get(bundleId) };
}

/**
 * The catalogue from `COIN_BUNDLES` (a JSON array of `{ id, coins, priceCents, currency? }`), or
 * the defaults when it is unset. A present but invalid value throws: selling coins at a price
 * nobody meant is worse than not starting.
 */
export function loadBundles(env: NodeJS.ProcessEnv = process.env): BundleCatalogue {
  const raw = env.COIN_BUNDLES?.trim();
  if (!raw) return catalogueOf(DEFAULT_BUNDLES);
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new Error('COIN_BUNDLES is not valid JSON');
  }
  const result = bundlesSchema.safeParse(value);
  if (!result.success) {
    const issues = result.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.join('.') || 'COIN_BUNDLES'}: ${issue.message}`)
      .join('; ');
    throw new Error(`COIN_BUNDLES is not a valid bundle catalogue: ${issues}`);
  }
  return catalogueOf(result.data);
}

let processCatalogue: BundleCatalogue | undefined;

/** Read once per process. Handlers call it at module scope so a bad catalogue fails the cold start. */
export function bundleCatalogue(): BundleCatalogue {
  processCatalogue ??= loadBundles();
  return processCatalogue;
}
