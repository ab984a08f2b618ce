import * as z from 'zod';

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

const limitsSchema = z.strictObject({
  transfersPerHour: z.number().int().min(1).max(1_000_000).optional(),
  coinsPerDay: z.number().int().min(1).max(1_000_000_000).optional(),
});

export function transferLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): TransferLimits {
  const raw = env.TRANSFER_LIMITS?.trim();
  if (!raw) return DEFAULT_TRANSFER_LIMITS;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new Error('TRANSFER_LIMITS is not JSON');
  }
  const parsed = limitsSchema.safeParse(value);
  if (!parsed.success) throw new Error(`TRANSFER_LIMITS is not valid: ${parsed.error.message}`);
  return { ...DEFAULT_TRANSFER_LIMITS, ...parsed.data };
}
