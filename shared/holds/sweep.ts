import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { readPages } from '#shared/dynamo/read-pages';
import { HOLD_SWEEP_BUCKETS, type HoldItem } from '#shared/holds/hold';
import { releaseIfExpired } from '#shared/holds/settle-hold';
import type { LedgerContext } from '#shared/ledger/context';

export interface SweepReport {
  /** Holds this sweep released. */
  readonly expired: number;
  /** Past-expiry holds someone else settled first (a capture, a void, another sweep). */
  readonly alreadySettled: number;
}

/**
 * Releases every hold past its expiry: one Query per `by_expiry` bucket for `expires_at <= now`
 * (the index is sparse, only held holds are in it), then each hold's own release transaction,
 * conditioned on it still being held. Safe to run concurrently with anything, and again.
 * The index is eventually consistent: a hold it has not seen yet waits for the next sweep.
 */
export async function sweepExpiredHolds(ctx: LedgerContext): Promise<SweepReport> {
  const now = ctx.now().toISOString();
  let expired = 0;
  let alreadySettled = 0;
  for (let bucket = 0; bucket < HOLD_SWEEP_BUCKETS; bucket += 1) {
    const due = await readPages<HoldItem>(
      (startKey) =>
        ctx.db.send(
          new QueryCommand({
            TableName: ctx.tables.holds,
            IndexName: 'by_expiry',
            KeyConditionExpression: 'sweep_bucket = :bucket AND expires_at <= :now',
            ExpressionAttributeValues: { ':bucket': `held#${bucket}`, ':now': now },
            ExclusiveStartKey: startKey,
          }),
        ),
      { retryPolicy: ctx.retryPolicy, onRetry: ctx.onRetry },
    );
    for (const item of due) {
      if ((await releaseIfExpired(ctx, item)).released) expired += 1;
      else alreadySettled += 1;
    }
  }
  return { expired, alreadySettled };
}
