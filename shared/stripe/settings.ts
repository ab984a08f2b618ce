import * as z from 'zod';

/** What the Stripe code needs from the outside: keys, and where the API lives. */
export interface StripeSettings {
  readonly secretKey: string;
  readonly webhookSecret: string;
  /** Only for the local stand-in: the SDK is pointed at it instead of api.stripe.com. */
  readonly apiBase?: URL | undefined;
  /** Where Checkout sends the buyer back to; unset in AWS until the stack passes CLIENT_URL. */
  readonly clientUrl: string | undefined;
}

/** Keys that mean "no real Stripe here": `npm start` then runs the local stand-in. */
export const LOCAL_SECRET_KEY_PREFIX = 'sk_local_';

export function isLocalStripeKey(secretKey: string | undefined): boolean {
  return !secretKey || secretKey.startsWith(LOCAL_SECRET_KEY_PREFIX);
}

/**
 * Off AWS, Checkout returns the buyer to the local server itself: `npm start` listens on `PORT`
 * (5000 when unset), so `PORT=5621 npm start` brings buyers back to port 5621.
 */
export function localClientUrl(port: string | undefined): string {
  return `http://localhost:${port?.trim() || '5000'}`;
}

/** The Secrets Manager secret the stack creates (`STRIPE_SECRET_ARN`). */
const storedSecretSchema = z.object({
  secretKey: z.string().min(1),
  webhookSecret: z.string().min(1),
});

export type SecretReader = (secretId: string) => Promise<string>;

/**
 * Reads a secret's string from Secrets Manager. The client is imported lazily: local runs never
 * set STRIPE_SECRET_ARN and never pay for loading it, and the functions that do read it once per
 * cold start (the caller caches the settings).
 */
export const readSecretFromSecretsManager: SecretReader = async (secretId) => {
  const { GetSecretValueCommand, SecretsManagerClient } = await import(
    '@aws-sdk/client-secrets-manager'
  );
  const client = new SecretsManagerClient({});
  const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
  client.destroy();
  if (!SecretString) throw new Error(`Secret ${secretId} has no string value`);
  return SecretString;
};

/** The laptop default only off AWS: a deployed shop must not send buyers to localhost. */
function clientUrlFrom(env: NodeJS.ProcessEnv): string | undefined {
  const value =
    env.CLIENT_URL?.trim() || (env.STRIPE_SECRET_ARN ? undefined : localClientUrl(env.PORT));
  if (value === undefined) return undefined;
  const parsed = z.url({ protocol: /^https?$/ }).safeParse(value);
  if (!parsed.success) throw new Error(`CLIENT_URL is not an http(s) URL: ${value}`);
  return parsed.data.replace(/\/+$/, '');
}

/**
 * In AWS the stack passes `STRIPE_SECRET_ARN` (a JSON secret `{ secretKey, webhookSecret }`);
 * locally the keys come from the environment. Missing keys throw: a webhook that cannot verify
 * must fail (5xx, so Stripe retries), never accept.
 */
export async function loadStripeSettings(
  env: NodeJS.ProcessEnv = process.env,
  readSecret: SecretReader = readSecretFromSecretsManager,
): Promise<StripeSettings> {
  const clientUrl = clientUrlFrom(env);
  if (env.STRIPE_SECRET_ARN) {
    let stored: unknown;
    try {
      stored = JSON.parse(await readSecret(env.STRIPE_SECRET_ARN));
    } catch (error) {
      throw new Error('The Stripe secret could not be read as JSON', { cause: error });
    }
    const secret = storedSecretSchema.safeParse(stored);
    if (!secret.success) throw new Error('The Stripe secret lacks secretKey or webhookSecret');
    return { ...secret.data, clientUrl };
  }
  const secretKey = env.STRIPE_SECRET_KEY?.trim();
  const webhookSecret = env.STRIPE_WEBHOOK_SECRET?.trim();
  if (!secretKey || !webhookSecret) {
    throw new Error(
      'STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET (or STRIPE_SECRET_ARN) must be set',
    );
  }
  const apiBase = env.STRIPE_API_BASE ? new URL(env.STRIPE_API_BASE) : undefined;
  // A real key must never be sent to anything but Stripe.
  if (apiBase && !isLocalStripeKey(secretKey)) {
    throw new Error(
      `STRIPE_API_BASE is only allowed with a local key (${LOCAL_SECRET_KEY_PREFIX}…)`,
    );
  }
  return { secretKey, webhookSecret, apiBase, clientUrl };
}
