import { listKey } from '#shared/admin/admin-list';
import { GRANT_LIFETIME_MS } from '#shared/grants/grant-items';
import type { LedgerContext } from '#shared/ledger/context';
import type { CompanionWrite } from '#shared/ledger/post-transaction';
import { digest, type IdempotencyScope } from '#shared/ledger/transaction';

/**
 * The admin table's items of a batch giveaway (POST /give/batch).
 *
 * - `give_batch#<batchId>`: the batch itself, written ONCE. Its id comes from the admin and their
 *   Idempotency-Key, so a retried or concurrent duplicate batch finds it (and its request hash)
 *   instead of writing it twice. It keeps the grants, so a second admin can review them and the
 *   batch can be checked against the ledger: every giveaway that names the batch is one of its
 *   grants. Status `approved` means its total is reserved on the requester's daily counter for
 *   `day` (daily-cap.ts), in the same TransactWriteItems that made it `approved`: at once for a
 *   batch up to the approval threshold, by a second admin's approval above it. Only an approved
 *   batch's grants are ever given. Its `list` (`give_batches#<status>`) moves with the status,
 *   so each status is one newest-first list of the `by_list` index.
 * - `give_batch_release#<batchId>#<userId>`: a grant that could not be given (no wallet, no
 *   supply left), written ONCE with the give-back of its amount to the daily counter. A grant's
 *   mint is conditioned on this item not existing and the release on the grant's transaction not
 *   existing, so each grant ends exactly one way: given, or released.
 *
 * Invariant (per admin and UTC day of reservation): the counter's `given` =
 *   Σ single giveaways and approved grants that day + Σ batch totals reserved that day
 *   - Σ amounts released from those batches.
 * When every grant of a batch is settled (given or released), the batch's part of `given` is
 * exactly what its giveaways minted.
 */
export const GIVE_BATCH_KIND = 'give_batch';
export const RELEASED_GRANT_KIND = 'give_batch_release';

/** The request's limits (the API schema and the domain both hold a batch to them). */
export const MAX_BATCH_GRANTS = 1_000;

/** Grants settled at once: 1,000 grants fit well inside API Gateway's 29 seconds (bench/). */
export const BATCH_CONCURRENCY = 16;

/**
 * The owner of every batch grant's idempotency scope. `#` cannot appear in a user id
 * (USER_ID_PATTERN), so no admin's own Idempotency-Key, and no grant (`#grant`), names the same
 * transaction.
 */
const BATCH_SCOPE_OWNER = '#batch';

export interface BatchGrant {
  readonly userId: string;
  readonly amount: number;
}

export const BATCH_STATUSES = ['pending_approval', 'approved', 'rejected'] as const;
export type StoredBatchStatus = (typeof BATCH_STATUSES)[number];
/** `expired` is never stored: a pending batch past `expires_at` is shown (and refused) as such. */
export type BatchStatus = StoredBatchStatus | 'expired';

export interface GiveBatchItem extends Record<string, unknown> {
  pk: string;
  kind: typeof GIVE_BATCH_KIND;
  batch_id: string;
  /** The requester: the batch counts against their daily limit, and they may not approve it. */
  admin_id: string;
  status: StoredBatchStatus;
  /** Approved batches: the UTC day whose counter holds the reservation (and takes releases). */
  day?: string;
  total: number;
  grants: { user_id: string; amount: number }[];
  reason?: string;
  request_hash: string;
  created_at: string;
  /** Batches that waited for a second admin. */
  expires_at?: string;
  decided_by?: string;
  decided_at?: string;
  list: string;
  list_key: string;
}

/** What the API shows of a batch (its grants only on request: up to 1,000 of them). */
export interface BatchView {
  readonly batchId: string;
  readonly total: number;
  readonly grantCount: number;
  readonly reason?: string;
  readonly status: BatchStatus;
  readonly requestedBy: string;
  readonly requestedAt: string;
  readonly expiresAt?: string;
  readonly decidedBy?: string;
  readonly decidedAt?: string;
}

export interface ReleasedGrantItem extends Record<string, unknown> {
  pk: string;
  kind: typeof RELEASED_GRANT_KIND;
  batch_id: string;
  user_id: string;
  amount: number;
  admin_id: string;
  day: string;
  error_code: string;
  error_message: string;
  released_at: string;
}

export const batchKey = (batchId: string) => ({ pk: `${GIVE_BATCH_KIND}#${batchId}` });
export const batchList = (status: StoredBatchStatus) => `give_batches#${status}`;

export const releasedGrantKey = (batchId: string, userId: string) => ({
  pk: `${RELEASED_GRANT_KIND}#${batchId}#${userId}`,
});

/** The same admin and Idempotency-Key name the same batch. */
export function batchIdFor(adminId: string, key: string): string {
  return `batch_${digest([GIVE_BATCH_KIND, adminId, key]).slice(0, 32)}`;
}

/**
 * One grant, one transaction id: keyed by the recipient, not the position, so "at most one grant
 * per user per batch" is a fact of the database (the record's `attribute_not_exists`), not only
 * a validation rule.
 */
export function batchGrantScope(batchId: string, userId: string): IdempotencyScope {
  return { owner: BATCH_SCOPE_OWNER, key: `${batchId}#${userId}` };
}

/**
 * A new batch: `approved` (its total reserved with it, counted on `day`), or waiting for a
 * second admin for 7 days, like a grant.
 */
export function newBatchItem(fields: {
  batchId: string;
  adminId: string;
  grants: readonly BatchGrant[];
  reason: string | undefined;
  requestHash: string;
  now: Date;
  pending: boolean;
}): GiveBatchItem {
  const createdAt = fields.now.toISOString();
  const status: StoredBatchStatus = fields.pending ? 'pending_approval' : 'approved';
  return {
    ...batchKey(fields.batchId),
    kind: GIVE_BATCH_KIND,
    batch_id: fields.batchId,
    admin_id: fields.adminId,
    status,
    ...(fields.pending
      ? {
          expires_at: new Date(fields.now.getTime() + GRANT_LIFETIME_MS).toISOString(),
        }
      : { day: createdAt.slice(0, 10) }),
    total: batchTotal(fields.grants),
    grants: fields.grants.map((grant) => ({ user_id: grant.userId, amount: grant.amount })),
    ...(fields.reason === undefined ? {} : { reason: fields.reason }),
    request_hash: fields.requestHash,
    created_at: createdAt,
    list: batchList(status),
    list_key: listKey(createdAt, fields.batchId),
  };
}

export function isBatchExpired(item: Pick<GiveBatchItem, 'expires_at'>, now: Date): boolean {
  return item.expires_at !== undefined && item.expires_at <= now.toISOString();
}

export function toBatchView(item: GiveBatchItem, now: Date): BatchView {
  const status =
    item.status === 'pending_approval' && isBatchExpired(item, now) ? 'expired' : item.status;
  return {
    batchId: item.batch_id,
    total: item.total,
    grantCount: item.grants.length,
    ...(item.reason === undefined ? {} : { reason: item.reason }),
    status,
    requestedBy: item.admin_id,
    requestedAt: item.created_at,
    ...(item.expires_at === undefined ? {} : { expiresAt: item.expires_at }),
    ...(item.decided_by === undefined ? {} : { decidedBy: item.decided_by }),
    ...(item.decided_at === undefined ? {} : { decidedAt: item.decided_at }),
  };
}

/** The day an approved batch's total was reserved on; anything else has nothing to give. */
export function reservedDay(item: GiveBatchItem): string {
  if (item.status !== 'approved' || item.day === undefined) {
    throw new Error(`batch ${item.batch_id} is ${item.status}: none of its grants may be given`);
  }
  return item.day;
}

export function grantsOf(item: GiveBatchItem): BatchGrant[] {
  return item.grants.map((grant) => ({ userId: grant.user_id, amount: grant.amount }));
}

export function batchTotal(grants: readonly BatchGrant[]): number {
  return grants.reduce((sum, grant) => sum + grant.amount, 0);
}

/**
 * The mint's side of "given or released, never both": the grant's release marker must not
 * exist. Its failure means the grant was released earlier; the error carries why.
 */
export function notReleasedCheck(
  ctx: LedgerContext,
  batchId: string,
  userId: string,
  explain: (released: ReleasedGrantItem | undefined) => Error,
): CompanionWrite {
  return {
    write: {
      ConditionCheck: {
        TableName: ctx.tables.admin,
        Key: releasedGrantKey(batchId, userId),
        ConditionExpression: 'attribute_not_exists(pk)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    },
    explain: (old) => explain(old as ReleasedGrantItem | undefined),
  };
}
