import { createHash } from 'node:crypto';
import type { ServiceClient } from '#shared/services/service-clients';

export const HOLD_STATUSES = ['held', 'captured', 'voided', 'expired'] as const;
export type HoldStatus = (typeof HOLD_STATUSES)[number];

export const MIN_HOLD_SECONDS = 60;
export const MAX_HOLD_SECONDS = 604_800;
export const DEFAULT_HOLD_SECONDS = 900;

/**
 * Index partitions of `by_expiry`: a held hold carries `sweep_bucket = held#<n>`, n from its id.
 * More than one so that placing and settling holds does not write one index partition only.
 */
export const HOLD_SWEEP_BUCKETS = 4;

/** A hold as the API shows it. */
export interface Hold {
  readonly holdId: string;
  readonly userId: string;
  readonly amount: number;
  readonly feature: string;
  readonly description?: string;
  readonly status: HoldStatus;
  readonly capturedAmount?: number;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly clientId: string;
}

/**
 * The stored item. Invariant (checked by the audit): while `status` is `held`, the hold's
 * `amount` is part of its user's wallet `held`; once captured, voided or expired it is not, and
 * only a captured hold has a `spend` record (`transaction_id`) of `captured_amount`.
 */
export interface HoldItem {
  hold_id: string;
  user_id: string;
  amount: number;
  feature: string;
  description?: string;
  status: HoldStatus;
  captured_amount?: number;
  transaction_id?: string;
  created_at: string;
  expires_at: string;
  settled_at?: string;
  client_id: string;
  request_hash: string;
  /** Sort key of `by_user`: creation order, ties broken by id. */
  history_key: string;
  /** Only while `held`: the `by_expiry` partition the sweeper reads. */
  sweep_bucket?: string;
}

function digest(parts: readonly unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url');
}

/** A hold's id is derived from the service and its Idempotency-Key: placing it is exactly-once. */
export function holdIdFor(client: ServiceClient, key: string): string {
  return `hold_${digest(['hold', client.clientId, key]).slice(0, 32)}`;
}

export function sweepBucketFor(holdId: string): string {
  const n = createHash('sha256').update(holdId).digest().readUInt32BE(0) % HOLD_SWEEP_BUCKETS;
  return `held#${n}`;
}

export function isPastExpiry(item: HoldItem, now: Date): boolean {
  return item.expires_at <= now.toISOString();
}

export function toHold(item: HoldItem): Hold {
  return {
    holdId: item.hold_id,
    userId: item.user_id,
    amount: item.amount,
    feature: item.feature,
    ...(item.description === undefined ? {} : { description: item.description }),
    status: item.status,
    ...(item.captured_amount === undefined ? {} : { capturedAmount: item.captured_amount }),
    createdAt: item.created_at,
    expiresAt: item.expires_at,
    clientId: item.client_id,
  };
}
