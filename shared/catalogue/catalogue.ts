import * as z from 'zod';

/**
 * What the server sells (bundles, plans) is configuration: a JSON array in an environment
 * variable, validated at start. A present but invalid value throws, so a function or `npm start`
 * fails loudly rather than charging a price nobody meant.
 */

/** Stripe's largest amount is eight digits in the smallest unit. */
export const MAX_PRICE_CENTS = 99_999_999;

export const catalogueIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be 1 to 64 of a-z, 0-9 and -');

export const priceCentsSchema = z.number().int().min(1).max(MAX_PRICE_CENTS);

export const currencySchema = z
  .string()
  .regex(/^[A-Za-z]{3}$/, 'must be a three-letter ISO 4217 code')
  .transform((code) => code.toLowerCase())
  .default('usd');

/** A list of 1 to `max` entries whose ids are unique. */
export function catalogueSchema<T extends z.ZodType<{ id: string }>>(
  entry: T,
  max: number,
  noun: string,
) {
  return z
    .array(entry)
    .min(1)
    .max(max)
    .refine((entries) => new Set(entries.map((e) => e.id)).size === entries.length, {
      message: `${noun} ids must be unique`,
    });
}

/** Looks entries up by id. */
export function byId<T extends { readonly id: string }>(
  entries: readonly T[],
): (id: string) => T | undefined {
  const index = new Map(entries.map((entry) => [entry.id, entry]));
  return (id) => index.get(id);
}

/**
 * The catalogue in `env[variable]`, or `defaults` when it is unset or blank. Throws, naming the
 * variable and at most five problems, when it is present but not a valid catalogue.
 */
export function catalogueFromEnv<T>(
  env: NodeJS.ProcessEnv,
  variable: string,
  schema: z.ZodType<T[]>,
  defaults: readonly T[],
  what: string,
): readonly T[] {
  const raw = env[variable]?.trim();
  if (!raw) return defaults;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new Error(`${variable} is not valid JSON`);
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    const issues = result.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.join('.') || variable}: ${issue.message}`)
      .join('; ');
    throw new Error(`${variable} is not a valid ${what}: ${issues}`);
  }
  return result.data;
}
