import Stripe from 'stripe';
import { defaultLedger, type Ledger } from '#shared/ledger/ledger';
import { type BundleCatalogue, bundleCatalogue } from '#shared/stripe/bundles';
import { loadStripeSettings, type StripeSettings } from '#shared/stripe/settings';

/** Everything the purchase and webhook code uses, built once per process. */
export interface StripeRuntime {
  readonly stripe: Stripe;
  readonly webhookSecret: string;
  readonly clientUrl: string | undefined;
  readonly catalogue: BundleCatalogue;
  readonly ledger: Ledger;
}

export function createStripeClient(settings: StripeSettings): Stripe {
  const base = settings.apiBase;
  return new Stripe(settings.secretKey, {
    // A webhook or a purchase must answer within API Gateway's 29 s, retries included.
    timeout: 8_000,
    maxNetworkRetries: 2,
    ...(base
      ? {
          host: base.hostname,
          port: base.port,
          protocol: base.protocol === 'https:' ? ('https' as const) : ('http' as const),
        }
      : {}),
  });
}

let processRuntime: Promise<StripeRuntime> | undefined;

/**
 * One Stripe client per process; the secrets are read once per cold start. A failed read is not
 * cached, so a Secrets Manager hiccup costs one failed request (which Stripe retries), not the
 * life of the container.
 */
export function stripeRuntime(): Promise<StripeRuntime> {
  processRuntime ??= loadStripeSettings().then(
    (settings) => ({
      stripe: createStripeClient(settings),
      webhookSecret: settings.webhookSecret,
      clientUrl: settings.clientUrl,
      catalogue: bundleCatalogue(),
      ledger: defaultLedger(),
    }),
    (error: unknown) => {
      processRuntime = undefined;
      throw error;
    },
  );
  return processRuntime;
}
