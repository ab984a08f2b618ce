import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { adminActionWrite } from '#shared/admin/actions';
import { DuplicateRecipientError } from '#shared/admin/errors';
import { withRetry } from '#shared/dynamo/retry';
import { IdempotencyKeyReusedError, ValidationError } from '#shared/errors';
import type { BatchGrantResult } from '#shared/grants/batch-grant';
import {
  type BatchGrant,
  type BatchView,
  batchIdFor,
  batchTotal,
  type GiveBatchItem,
  MAX_BATCH_GRANTS,
  newBatchItem,
  toBatchView,
} from '#shared/grants/batch-items';
import { settleBatch } from '#shared/grants/batch-settle';
import { assertWithinDailyLimit, giveCapWrite } from '#shared/grants/daily-cap';
import type { GiveSettings } from '#shared/grants/settings';
import type { LedgerContext } from '#shared/ledger/context';
import type { CompanionWrite } from '#shared/ledger/post-transaction';
import {
  assertDescription,
  assertIdempotencyKey,
  assertUserWalletId,
  assertValidAmount,
} from '#shared/ledger/rules';
import { requestHash } from '#shared/ledger/transaction';

export interface BatchGiveRequest {
  readonly adminId: string;
  readonly grants: readonly BatchGrant[];
  readonly reason?: string | undefined;
  /** Required: the batch and each of its grants are keyed by it. */
  readonly idempotencyKey: string;
  /** When the answer must be on its way (the function's timeout); see batch-settle.ts. */
  readonly deadline?: Date | undefined;
}

export type BatchGiveResult =
  | {
      readonly outcome: 'given';
      /** One per grant, in the order of the request. */
      readonly results: readonly BatchGrantResult[];
      /** True when the batch had been written before (a retry or a concurrent duplicate). */
      readonly replayed: boolean;
    }
  | { readonly outcome: 'pending_approval'; readonly batch: BatchView; readonly replayed: boolean };

/**
 * POST /give/batch. Up to the approval threshold, two steps, each exactly once whatever crashes
 * and retries come between:
 *
 * 1. Reserve: ONE TransactWriteItems writes the batch item, `approved` (`attribute_not_exists`,
 *    its id from the admin and the Idempotency-Key), and adds the batch TOTAL to the admin's
 *    daily counter under the daily limit's condition. Both happen or neither: a batch is counted
 *    once, in full, before a coin moves, and a batch that does not fit moves nothing.
 * 2. Settle each grant (batch-settle.ts, batch-grant.ts): a mint keyed by (batch, recipient), or
 *    a release of its reserved amount when it cannot be given.
 *
 * A crash after 1 leaves a reservation without (all) its mints: coins are counted, not invented;
 * the retry finds the batch (same request hash) and settles the rest, replaying the grants
 * already given. No grant is given twice (its record id), none beyond the reservation (each
 * grant's amount is part of the total), none both given and released.
 *
 * Above the threshold (four eyes over the batch total): ONE TransactWriteItems writes the batch
 * `pending_approval` and logs the request; nothing is counted or given until a second admin
 * approves it (batch-approval.ts), which then reserves and settles exactly as above.
 *
 * A retry acts on the batch as stored, whatever the settings say now: an approved batch is
 * finished, a pending one answered as pending.
 */
export async function giveBatch(
  ctx: LedgerContext,
  settings: GiveSettings,
  request: BatchGiveRequest,
): Promise<BatchGiveResult> {
  const { grants, reason, idempotencyKey } = request;
  assertIdempotencyKey(idempotencyKey);
  assertBatchGrants(grants);
  assertDescription(reason);
  const total = batchTotal(grants);
  assertWithinDailyLimit(total, settings.dailyLimitPerAdmin);

  const { batch, replayed } = await writeBatch(ctx, settings, request, {
    pending: total > settings.approvalThreshold,
  });
  if (batch.status !== 'approved') {
    return { outcome: 'pending_approval', batch: toBatchView(batch, ctx.now()), replayed };
  }
  return { outcome: 'given', results: await settleBatch(ctx, batch, request.deadline), replayed };
}

/** The whole batch is refused (400) for one bad grant: nothing is written or given. */
export function assertBatchGrants(grants: readonly BatchGrant[]): void {
  if (grants.length < 1 || grants.length > MAX_BATCH_GRANTS) {
    throw new ValidationError(`grants: a batch has 1 to ${MAX_BATCH_GRANTS} grants`);
  }
  const seen = new Set<string>();
  for (const grant of grants) {
    assertUserWalletId(grant.userId);
    assertValidAmount(grant.amount);
    if (seen.has(grant.userId)) throw new DuplicateRecipientError(grant.userId);
    seen.add(grant.userId);
  }
}

const BATCH_ITEM = 0;
const COMPANION = 1;

/** The batch and, in the same transaction, its reservation (approved) or its log entry (pending). */
async function writeBatch(
  ctx: LedgerContext,
  settings: GiveSettings,
  request: BatchGiveRequest,
  options: { pending: boolean },
): Promise<{ batch: GiveBatchItem; replayed: boolean }> {
  const now = ctx.now();
  const { adminId, grants, reason, idempotencyKey } = request;
  const item = newBatchItem({
    batchId: batchIdFor(adminId, idempotencyKey),
    adminId,
    grants,
    reason,
    requestHash: requestHash({
      type: 'give_batch',
      grants: grants.map((grant) => [grant.userId, grant.amount]),
      reason,
    }),
    now,
    pending: options.pending,
  });
  const companion: CompanionWrite = options.pending
    ? adminActionWrite(ctx, {
        actionId: `request_${item.batch_id}`,
        adminId,
        action: 'batch_requested',
        amount: item.total,
        grantId: item.batch_id,
        at: item.created_at,
        ...(reason === undefined ? {} : { reason }),
      })
    : giveCapWrite(ctx, {
        adminId,
        amount: item.total,
        at: now,
        limit: settings.dailyLimitPerAdmin,
      });
  try {
    await withRetry(
      () =>
        ctx.db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: ctx.tables.admin,
                  Item: item,
                  ConditionExpression: 'attribute_not_exists(pk)',
                  ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
                },
              },
              companion.write,
            ],
          }),
        ),
      ctx.retryPolicy,
      ctx.onRetry,
    );
    return { batch: item, replayed: false };
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    const reasons = error.CancellationReasons ?? [];
    const existing = reasons[BATCH_ITEM];
    // Checked first: a replay's counter may well be full by now (with this very batch).
    if (existing?.Code === 'ConditionalCheckFailed' && existing.Item) {
      const original = unmarshall(existing.Item as never) as GiveBatchItem;
      if (original.request_hash !== item.request_hash) throw new IdempotencyKeyReusedError();
      return { batch: original, replayed: true };
    }
    if (reasons[COMPANION]?.Code === 'ConditionalCheckFailed') throw companion.explain(undefined);
    throw error;
  }
}
