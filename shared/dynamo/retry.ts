import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';

export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 8,
  baseDelayMs: 20,
  maxDelayMs: 1_000,
};

const RETRYABLE_ERROR_NAMES = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TransactionInProgressException',
  'TimeoutError',
]);

const RETRYABLE_NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT']);

/**
 * A cancelled transaction is retried when some item was in conflict with another transaction:
 * a condition that failed beside a conflict may have been read from a state that was about to
 * change (for example the very same request committing), so only a retry gives the real answer.
 * Throttling alone is retried too; a failed condition on its own is the answer, never retried.
 */
function isRetryableCancellation(error: TransactionCanceledException): boolean {
  const codes = (error.CancellationReasons ?? []).map((reason) => reason.Code ?? 'None');
  if (codes.includes('TransactionConflict')) return true;
  return codes.includes('ThrottlingError') && !codes.includes('ConditionalCheckFailed');
}

export function isRetryable(error: unknown): boolean {
  if (error instanceof TransactionCanceledException) return isRetryableCancellation(error);
  if (!(error instanceof Error)) return false;
  if (RETRYABLE_ERROR_NAMES.has(error.name)) return true;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && RETRYABLE_NETWORK_CODES.has(code);
}

/** Capped exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff and Jitter"). */
export function backoffDelayMs(attempt: number, policy: RetryPolicy, random = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.floor(random() * ceiling);
}

export type RetryListener = (error: unknown, attempt: number) => void;

/**
 * Runs `operation` until it succeeds, fails for a reason a retry cannot change, or runs out of
 * attempts. Callers must make `operation` idempotent: a write whose response was lost may have
 * committed, and its retry must then be recognised as a replay (ledger writes are keyed on
 * their transaction id for exactly that reason).
 */
export async function withRetry<T>(
  operation: () => Promise<T>,
  policy: RetryPolicy = defaultRetryPolicy,
  onRetry?: RetryListener,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (attempt >= policy.maxAttempts || !isRetryable(error)) throw error;
      onRetry?.(error, attempt);
      await new Promise((resolve) => setTimeout(resolve, backoffDelayMs(attempt, policy)));
    }
  }
}
