import { randomUUID } from 'node:crypto';
import { listKey } from '#shared/admin/admin-list';
import { digest } from '#shared/ledger/transaction';

/**
 * A giveaway above the approval threshold, waiting for a second admin. The item lives in the
 * admin table; its `list` (`grants#<status>`) moves with the status, so each status is one
 * newest-first list of the `by_list` index. An approved grant points at its giveaway
 * (`transaction_id`), whose `reference_id` is the grant id: the audit checks both ends.
 */
export const GRANT_STATUSES = ['pending_approval', 'approved', 'rejected'] as const;
export type StoredGrantStatus = (typeof GRANT_STATUSES)[number];
/** `expired` is never stored: a pending grant past `expires_at` is shown (and refused) as such. */
export type GrantStatus = StoredGrantStatus | 'expired';

export const GRANT_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

export interface GrantItem extends Record<string, unknown> {
  pk: string;
  kind: 'grant';
  grant_id: string;
  user_id: string;
  amount: number;
  reason?: string;
  status: StoredGrantStatus;
  requested_by: string;
  requested_at: string;
  expires_at: string;
  request_hash: string;
  list: string;
  list_key: string;
  decided_by?: string;
  decided_at?: string;
  transaction_id?: string;
}

export interface Grant {
  readonly grantId: string;
  readonly userId: string;
  readonly amount: number;
  readonly reason?: string;
  readonly status: GrantStatus;
  readonly requestedBy: string;
  readonly requestedAt: string;
  readonly expiresAt: string;
  readonly decidedBy?: string;
  readonly decidedAt?: string;
  readonly transactionId?: string;
}

export const grantKey = (grantId: string) => ({ pk: `grant#${grantId}` });
export const grantList = (status: StoredGrantStatus) => `grants#${status}`;

/** The same admin and Idempotency-Key name the same grant; without a key, a new one. */
export function grantIdFor(adminId: string, key: string | undefined): string {
  if (key === undefined) return `grant_${randomUUID().replaceAll('-', '')}`;
  return `grant_${digest(['grant', adminId, key]).slice(0, 32)}`;
}

/**
 * How a list of one status is read for grants and batches alike: pending and expired share the
 * stored status `pending_approval` and are told apart by `expires_at` at `now`.
 */
export function statusListQuery(
  status: StoredGrantStatus | 'expired',
  now: Date,
): {
  readonly stored: StoredGrantStatus;
  readonly filter?: { readonly expression: string; readonly values: Record<string, string> };
} {
  const at = { ':now': now.toISOString() };
  if (status === 'pending_approval')
    return { stored: status, filter: { expression: 'expires_at > :now', values: at } };
  if (status === 'expired')
    return {
      stored: 'pending_approval',
      filter: { expression: 'expires_at <= :now', values: at },
    };
  return { stored: status };
}

export function isExpired(item: Pick<GrantItem, 'expires_at'>, now: Date): boolean {
  return item.expires_at <= now.toISOString();
}

export function newGrantItem(fields: {
  grantId: string;
  userId: string;
  amount: number;
  reason: string | undefined;
  requestedBy: string;
  requestHash: string;
  now: Date;
}): GrantItem {
  const requestedAt = fields.now.toISOString();
  return {
    ...grantKey(fields.grantId),
    kind: 'grant',
    grant_id: fields.grantId,
    user_id: fields.userId,
    amount: fields.amount,
    ...(fields.reason === undefined ? {} : { reason: fields.reason }),
    status: 'pending_approval',
    requested_by: fields.requestedBy,
    requested_at: requestedAt,
    expires_at: new Date(fields.now.getTime() + GRANT_LIFETIME_MS).toISOString(),
    request_hash: fields.requestHash,
    list: grantList('pending_approval'),
    list_key: listKey(requestedAt, fields.grantId),
  };
}

export function toGrant(item: GrantItem, now: Date): Grant {
  const status =
    item.status === 'pending_approval' && isExpired(item, now) ? 'expired' : item.status;
  return {
    grantId: item.grant_id,
    userId: item.user_id,
    amount: item.amount,
    ...(item.reason === undefined ? {} : { reason: item.reason }),
    status,
    requestedBy: item.requested_by,
    requestedAt: item.requested_at,
    expiresAt: item.expires_at,
    ...(item.decided_by === undefined ? {} : { decidedBy: item.decided_by }),
    ...(item.decided_at === undefined ? {} : { decidedAt: item.decided_at }),
    ...(item.transaction_id === undefined ? {} : { transactionId: item.transaction_id }),
  };
}
