import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { BatchApprovalRequiredError, DuplicateRecipientError } from '#shared/admin/errors';
import { withRetry } from '#shared/dynamo/retry';
import { IdempotencyKeyReusedError, ValidationError } from '#shared/errors';
import { type BatchGrantResult, settleBatchGrant } from '#shared/grants/batch-grant';
import {
  BATCH_CONCURRENCY,
  type BatchGrant,
  batchIdFor,
  batchTotal,
  type GiveBatchItem,
  MAX_BATCH_GRANTS,
  newBatchItem,
} from '#shared/grants/batch-items';
import { assertWithinDailyLimit, giveCapWrite, utcDay } from '#shared/grants/daily-cap';
import type { GiveSettings } from '#shared/grants/settings';
import type { LedgerContext } from '#shared/ledger/context';
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
  /**
   * When the answer must be on its way (the Lambda's own timeout). Grants not started
   * `ANSWER_MARGIN_MS` before it are answered `failed` / NOT_ATTEMPTED, still reserved: sending
   * the batch again gives them. Without it, every grant is tried.
   */
  readonly deadline?: Date | undefined;
}

/** Time kept for the grants in flight to finish and for the answer to leave. */
export const ANSWER_MARGIN_MS = 3_000;

const NOT_ATTEMPTED = {
  code: 'NOT_ATTEMPTED',
  message:
    'Time ran out before this grant was tried; send the batch again with the same Idempotency-Key',
};

export interface BatchGiveResult {
  /** One per grant, in the order of the request. */
  readonly results: readonly BatchGrantResult[];
  /** True when the batch had been reserved before (a retry or a concurrent duplicate). */
  readonly replayed: boolean;
}

/**
 * POST /give/batch. Two steps, each exactly once whatever crashes and retries come between:
 *
 * 1. Reserve: ONE TransactWriteItems writes the batch item (`attribute_not_exists`, its id from
 *    the admin and the Idempotency-Key) and adds the batch TOTAL to the admin's daily counter
 *    under the daily limit's condition. Either both happen or neither: a batch is counted once,
 *    in full, before a coin moves, and a batch that does not fit moves nothing.
 * 2. Settle each grant (batch-grant.ts), 16 at a time: a mint keyed by (batch, recipient), or a
 *    release of its reserved amount when it cannot be given.
 *
 * A crash after 1 leaves a reservation without (all) its mints: coins are counted, not invented;
 * the retry finds the batch (same request hash) and settles the rest, replaying the grants
 * already given. No grant is given twice (its record id), none given beyond the reservation
 * (each grant's amount is part of the total), none both given and released.
 *
 * Four eyes: a batch above the approval threshold is refused before anything is written.
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
  if (total > settings.approvalThreshold) {
    throw new BatchApprovalRequiredError(total, settings.approvalThreshold);
  }

  const { batch, replayed } = await reserveBatch(ctx, settings, request);
  const stored = batch.grants.map((grant) => ({ userId: grant.user_id, amount: grant.amount }));
  const stopAt = (request.deadline?.getTime() ?? Number.POSITIVE_INFINITY) - ANSWER_MARGIN_MS;
  const results = await mapInOrder(stored, BATCH_CONCURRENCY, async (grant) =>
    ctx.now().getTime() < stopAt
      ? settleBatchGrant(ctx, batch, grant)
      : ({ userId: grant.userId, status: 'failed', error: NOT_ATTEMPTED } as const),
  );
  return { results, replayed };
}

/** The whole batch is refused (400) for one bad grant: nothing is reserved or given. */
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
const DAILY_COUNTER = 1;

async function reserveBatch(
  ctx: LedgerContext,
  settings: GiveSettings,
  request: BatchGiveRequest,
): Promise<{ batch: GiveBatchItem; replayed: boolean }> {
  const now = ctx.now();
  const { adminId, grants, reason, idempotencyKey } = request;
  const item = newBatchItem({
    batchId: batchIdFor(adminId, idempotencyKey),
    adminId,
    day: utcDay(now),
    grants,
    reason,
    requestHash: requestHash({
      type: 'give_batch',
      grants: grants.map((grant) => [grant.userId, grant.amount]),
      reason,
    }),
    now,
  });
  const counter = giveCapWrite(ctx, {
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
              counter.write,
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
    if (reasons[DAILY_COUNTER]?.Code === 'ConditionalCheckFailed') throw counter.explain(undefined);
    throw error;
  }
}

/** `work` on every item, at most `limit` at once; the answers in the items' order. */
export async function mapInOrder<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next;
        next += 1;
        results[index] = await work(items[index] as T);
      }
    }),
  );
  return results;
}
