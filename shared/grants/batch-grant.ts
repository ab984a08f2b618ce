import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { adminActionWrite } from '#shared/admin/actions';
import { withRetry } from '#shared/dynamo/retry';
import { DasWosCoinsError, SupplyExhaustedError, UserNotFoundError } from '#shared/errors';
import {
  type BatchGrant,
  batchGrantScope,
  type GiveBatchItem,
  notReleasedCheck,
  RELEASED_GRANT_KIND,
  type ReleasedGrantItem,
  releasedGrantKey,
  reservedDay,
} from '#shared/grants/batch-items';
import { giveCapKey } from '#shared/grants/daily-cap';
import type { LedgerContext } from '#shared/ledger/context';
import { mint } from '#shared/ledger/mint';
import { type Transaction, transactionIdFor } from '#shared/ledger/transaction';
import { logger } from '#shared/logger';

export interface GrantError {
  readonly code: string;
  readonly message: string;
}

export type BatchGrantResult =
  | {
      readonly userId: string;
      readonly status: 'credited' | 'replayed';
      readonly transaction: Transaction;
    }
  | { readonly userId: string; readonly status: 'failed'; readonly error: GrantError };

/** The grant was released by an earlier attempt: its outcome is final, and this is why. */
class GrantAlreadyReleased extends Error {
  constructor(readonly reason: GrantError) {
    super(reason.message);
  }
}

/** Failures that stay true for this grant: its coins go back to the admin's daily counter. */
const isFinalFailure = (error: unknown) =>
  error instanceof UserNotFoundError || error instanceof SupplyExhaustedError;

const INTERNAL: GrantError = {
  code: 'INTERNAL',
  message: 'This grant could not be given now; send the batch again with the same Idempotency-Key',
};

/**
 * Settles one grant of a reserved batch, exactly once whatever the retries and concurrent
 * duplicates: ONE TransactWriteItems (through `mint`) gives it, with its record id derived from
 * (batch, recipient) and the condition that it was not released; or, when it cannot be given (no
 * wallet, supply exhausted), ONE TransactWriteItems releases it (see `release`). A failure that
 * may pass (a DynamoDB error) releases nothing: the reservation stays, and a retried batch gives
 * the grant then.
 */
export async function settleBatchGrant(
  ctx: LedgerContext,
  batch: GiveBatchItem,
  grant: BatchGrant,
): Promise<BatchGrantResult> {
  try {
    return await giveOrRelease(ctx, batch, grant);
  } catch (error) {
    if (error instanceof GrantAlreadyReleased) return failed(grant, error.reason);
    if (error instanceof DasWosCoinsError) return failed(grant, error);
    logger.error('batch grant failed', {
      batchId: batch.batch_id,
      userId: grant.userId,
      error: error as Error,
    });
    return failed(grant, INTERNAL);
  }
}

async function giveOrRelease(
  ctx: LedgerContext,
  batch: GiveBatchItem,
  grant: BatchGrant,
): Promise<BatchGrantResult> {
  try {
    return await give(ctx, batch, grant);
  } catch (error) {
    if (isFinalFailure(error)) return release(ctx, batch, grant, error as DasWosCoinsError);
    throw error;
  }
}

async function give(
  ctx: LedgerContext,
  batch: GiveBatchItem,
  grant: BatchGrant,
): Promise<BatchGrantResult> {
  const now = ctx.now();
  const scope = batchGrantScope(batch.batch_id, grant.userId);
  const transactionId = transactionIdFor('giveaway', scope);
  const result = await mint(
    { ...ctx, now: () => now },
    {
      to: grant.userId,
      amount: grant.amount,
      type: 'giveaway',
      referenceId: batch.batch_id,
      description: batch.reason,
      initiatedBy: batch.admin_id,
      idempotency: scope,
      transactionId,
      companions: [
        notReleasedCheck(ctx, batch.batch_id, grant.userId, (released) =>
          released
            ? new GrantAlreadyReleased({
                code: released.error_code,
                message: released.error_message,
              })
            : new Error(`grant ${transactionId}: release check failed without an item`),
        ),
        adminActionWrite(ctx, {
          actionId: transactionId,
          adminId: batch.admin_id,
          action: 'give',
          userId: grant.userId,
          amount: grant.amount,
          grantId: batch.batch_id,
          transactionId,
          at: now.toISOString(),
          ...(batch.reason === undefined ? {} : { reason: batch.reason }),
        }),
      ],
    },
  );
  return {
    userId: grant.userId,
    status: result.replayed ? 'replayed' : 'credited',
    transaction: result.transaction,
  };
}

const RELEASE_MARKER = 0;
const GRANT_RECORD = 1;

/**
 * Gives a grant's reserved coins back to the day's counter, in ONE TransactWriteItems: the
 * release marker (`attribute_not_exists`, so at most once), the condition that the grant's
 * transaction does not exist (a concurrent attempt may just have given it) and the counter's
 * `given - amount`. The marker keeps the reason, so a retry answers the same failure.
 */
async function release(
  ctx: LedgerContext,
  batch: GiveBatchItem,
  grant: BatchGrant,
  cause: DasWosCoinsError,
): Promise<BatchGrantResult> {
  const marker: ReleasedGrantItem = {
    ...releasedGrantKey(batch.batch_id, grant.userId),
    kind: RELEASED_GRANT_KIND,
    batch_id: batch.batch_id,
    user_id: grant.userId,
    amount: grant.amount,
    admin_id: batch.admin_id,
    day: reservedDay(batch),
    error_code: cause.code,
    error_message: cause.message,
    released_at: ctx.now().toISOString(),
  };
  const transactionId = transactionIdFor('giveaway', batchGrantScope(batch.batch_id, grant.userId));
  try {
    await withRetry(
      () =>
        ctx.db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: ctx.tables.admin,
                  Item: marker,
                  ConditionExpression: 'attribute_not_exists(pk)',
                  ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
                },
              },
              {
                ConditionCheck: {
                  TableName: ctx.tables.transactions,
                  Key: { transaction_id: transactionId },
                  ConditionExpression: 'attribute_not_exists(transaction_id)',
                },
              },
              {
                Update: {
                  TableName: ctx.tables.admin,
                  Key: giveCapKey(batch.admin_id, reservedDay(batch)),
                  UpdateExpression: 'SET given = given - :amount',
                  // The reservation put at least this much there; anything else is a bug.
                  ConditionExpression: 'given >= :amount',
                  ExpressionAttributeValues: { ':amount': grant.amount },
                },
              },
            ],
          }),
        ),
      ctx.retryPolicy,
      ctx.onRetry,
    );
    return failed(grant, cause);
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    const reasons = error.CancellationReasons ?? [];
    const earlier = reasons[RELEASE_MARKER];
    if (earlier?.Code === 'ConditionalCheckFailed' && earlier.Item) {
      const item = unmarshall(earlier.Item as never) as ReleasedGrantItem;
      return failed(grant, { code: item.error_code, message: item.error_message });
    }
    // Given meanwhile by a concurrent attempt of the same batch: its mint replays it.
    if (reasons[GRANT_RECORD]?.Code === 'ConditionalCheckFailed') return give(ctx, batch, grant);
    throw error;
  }
}

function failed(grant: BatchGrant, error: GrantError): BatchGrantResult {
  return {
    userId: grant.userId,
    status: 'failed',
    error: { code: error.code, message: error.message },
  };
}
