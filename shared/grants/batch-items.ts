import type { LedgerContext } from '#shared/ledger/context';
import type { CompanionWrite } from '#shared/ledger/post-transaction';
import { digest, type IdempotencyScope } from '#shared/ledger/transaction';

/**
 * The admin table's items of a batch giveaway (POST /give/batch).
 *
 * - `give_batch#<batchId>`: the batch itself, written ONCE, in the same TransactWriteItems that
 *   reserves its whole total on the admin's daily counter (daily-cap.ts). Its id comes from the
 *   admin and their Idempotency-Key, so a retried or concurrent duplicate batch finds it (and its
 *   request hash) instead of reserving twice. It keeps the grants, so the batch can be checked
 *   against the ledger: every giveaway that names the batch is one of its grants.
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

export interface GiveBatchItem extends Record<string, unknown> {
  pk: string;
  kind: typeof GIVE_BATCH_KIND;
  batch_id: string;
  admin_id: string;
  /** The UTC day whose counter holds the reservation (and takes back released amounts). */
  day: string;
  total: number;
  grants: { user_id: string; amount: number }[];
  reason?: string;
  request_hash: string;
  created_at: string;
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

export function newBatchItem(fields: {
  batchId: string;
  adminId: string;
  day: string;
  grants: readonly BatchGrant[];
  reason: string | undefined;
  requestHash: string;
  now: Date;
}): GiveBatchItem {
  return {
    ...batchKey(fields.batchId),
    kind: GIVE_BATCH_KIND,
    batch_id: fields.batchId,
    admin_id: fields.adminId,
    day: fields.day,
    total: batchTotal(fields.grants),
    grants: fields.grants.map((grant) => ({ user_id: grant.userId, amount: grant.amount })),
    ...(fields.reason === undefined ? {} : { reason: fields.reason }),
    request_hash: fields.requestHash,
    created_at: fields.now.toISOString(),
  };
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
