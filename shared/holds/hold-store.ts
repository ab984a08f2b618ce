import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { withRetry } from '#shared/dynamo/retry';
import type { HoldItem } from '#shared/holds/hold';
import type { LedgerContext } from '#shared/ledger/context';

export async function readHold(ctx: LedgerContext, holdId: string): Promise<HoldItem | undefined> {
  const { Item } = await withRetry(
    () =>
      ctx.db.send(
        new GetCommand({
          TableName: ctx.tables.holds,
          Key: { hold_id: holdId },
          ConsistentRead: true,
        }),
      ),
    ctx.retryPolicy,
    ctx.onRetry,
  );
  return Item as HoldItem | undefined;
}

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Per item of a cancelled transaction: whether its condition failed, and the item as it was. */
export type Cancellation = ReadonlyArray<{ failed: boolean; old?: Record<string, unknown> }>;

/**
 * One TransactWriteItems (retried like every ledger write); `null` when it committed, otherwise
 * which conditions failed. Anything else than a failed condition is thrown.
 */
export async function writeTogether(
  ctx: LedgerContext,
  items: readonly TransactItem[],
): Promise<Cancellation | null> {
  try {
    await withRetry(
      () => ctx.db.send(new TransactWriteCommand({ TransactItems: [...items] })),
      ctx.retryPolicy,
      ctx.onRetry,
    );
    return null;
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    const reasons = error.CancellationReasons ?? [];
    if (!reasons.some((reason) => reason.Code === 'ConditionalCheckFailed')) throw error;
    return items.map((_, index) => {
      const reason = reasons[index];
      const failed = reason?.Code === 'ConditionalCheckFailed';
      const item = reason?.Item as Record<string, never> | undefined;
      return failed && item ? { failed, old: unmarshall(item) } : { failed };
    });
  }
}
