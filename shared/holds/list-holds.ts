import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { readPages } from '#shared/dynamo/read-pages';
import {
  type Hold,
  type HoldItem,
  type HoldStatus,
  isPastExpiry,
  toHold,
} from '#shared/holds/hold';
import { expireHold } from '#shared/holds/settle-hold';
import type { LedgerContext } from '#shared/ledger/context';
import { assertUserId } from '#shared/ledger/rules';

/** A user's holds, newest first (at most this many). */
export const MAX_LISTED_HOLDS = 100;

/**
 * The user's own holds, newest first, optionally of one status. A held hold past its expiry is
 * released on the way (so the list never shows it as held). Read from the `by_user` index, which
 * is eventually consistent: a hold placed a moment ago may appear on the next read.
 */
export async function listHolds(
  ctx: LedgerContext,
  userId: string,
  status?: HoldStatus,
): Promise<Hold[]> {
  assertUserId(userId);
  const items = await readPages<HoldItem>(
    (startKey) =>
      ctx.db.send(
        new QueryCommand({
          TableName: ctx.tables.holds,
          IndexName: 'by_user',
          KeyConditionExpression: 'user_id = :user',
          ExpressionAttributeValues: { ':user': userId },
          ScanIndexForward: false,
          ExclusiveStartKey: startKey,
        }),
      ),
    {
      retryPolicy: ctx.retryPolicy,
      onRetry: ctx.onRetry,
      enough: (read) => read.length >= MAX_LISTED_HOLDS * 2,
    },
  );
  const now = ctx.now();
  const current = await Promise.all(
    items.map((item) =>
      item.status === 'held' && isPastExpiry(item, now) ? expireHold(ctx, item) : item,
    ),
  );
  return current
    .filter((item) => status === undefined || item.status === status)
    .slice(0, MAX_LISTED_HOLDS)
    .map(toHold);
}
