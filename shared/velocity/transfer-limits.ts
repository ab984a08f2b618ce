/**
 * How much one sender may move: transfers per hour and coins per UTC day. `TRANSFER_LIMITS`
 * (JSON, either field optional) overrides the defaults; an invalid value fails the request
 * loudly rather than running without limits.
 */
export interface TransferLimits {
  readonly transfersPerHour: number;
  readonly coinsPerDay: number;
}

export const DEFAULT_TRANSFER_LIMITS: TransferLimits = {
  transfersPerHour: 60,
  coinsPerDay: 1_000_000,
};

/** Field -> its highest allowed value. Checked by hand: classic zod would add ~50 KB to the
 * transfer function (measured by `npm run bench`), the API's zod/mini is for request bodies. */
const MAXIMA: Readonly<Record<keyof TransferLimits, number>> = {
  transfersPerHour: 1_000_000,
  coinsPerDay: 1_000_000_000,
};

export function transferLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): TransferLimits {
  const raw = env.TRANSFER_LIMITS?.trim();
  if (!raw) return DEFAULT_TRANSFER_LIMITS;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new Error('TRANSFER_LIMITS is not JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error('TRANSFER_LIMITS must be a JSON object');
  }
  const limits: Record<string, number> = { ...DEFAULT_TRANSFER_LIMITS };
  for (const [name, limit] of Object.entries(value)) {
    const maximum = MAXIMA[name as keyof TransferLimits];
    if (maximum === undefined) throw new Error(`TRANSFER_LIMITS: unknown field ${name}`);
    if (!Number.isSafeInteger(limit) || (limit as number) < 1 || (limit as number) > maximum) {
      throw new Error(`TRANSFER_LIMITS: ${name} must be a whole number from 1 to ${maximum}`);
    }
    limits[name] = limit as number;
  }
  return limits as unknown as TransferLimits;
}
