import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { adminActionWrite, newActionId } from '#shared/admin/actions';
import { withRetry } from '#shared/dynamo/retry';
import { UserNotFoundError, ValidationError } from '#shared/errors';
import type { LedgerContext } from '#shared/ledger/context';
import { assertDescription, assertUserId, assertUserWalletId } from '#shared/ledger/rules';

/** What support sees of a wallet. `createdAt` is null for wallets opened before it was kept. */
export interface AdminUserView {
  readonly userId: string;
  readonly balance: number;
  readonly frozen: boolean;
  readonly createdAt: string | null;
  readonly lastUpdated: string | null;
}

export async function lookUpUser(ctx: LedgerContext, userId: string): Promise<AdminUserView> {
  assertUserId(userId);
  const { Item } = await withRetry(
    () =>
      ctx.db.send(
        new GetCommand({
          TableName: ctx.tables.wallets,
          Key: { user_id: userId },
          ConsistentRead: true,
        }),
      ),
    ctx.retryPolicy,
    ctx.onRetry,
  );
  if (!Item) throw new UserNotFoundError(userId);
  return {
    userId,
    balance: Item.balance as number,
    frozen: Item.frozen === true,
    createdAt: (Item.created_at as string | undefined) ?? null,
    lastUpdated: (Item.last_updated as string | undefined) ?? null,
  };
}

export interface FreezeRequest {
  readonly adminId: string;
  readonly userId: string;
  readonly reason: string;
}

export interface FreezeResult {
  readonly userId: string;
  readonly frozen: boolean;
  readonly actionId: string;
}

/**
 * Sets or clears the wallet's `frozen` flag and logs the action, in one TransactWriteItems. The
 * flag is all the ledger needs: every covered debit of a user wallet carries the NOT_FROZEN
 * condition (post-transaction.ts), so a freeze that commits first wins against any transfer in
 * flight, and one that commits after it leaves that transfer whole. Crediting stays open.
 */
export async function setFrozen(
  ctx: LedgerContext,
  request: FreezeRequest,
  frozen: boolean,
): Promise<FreezeResult> {
  const { adminId, userId, reason } = request;
  assertUserWalletId(userId);
  assertDescription(reason);
  if (reason.trim() === '') throw new ValidationError('Give a reason for the record');
  const actionId = newActionId();
  const action = adminActionWrite(ctx, {
    actionId,
    adminId,
    action: frozen ? 'freeze' : 'unfreeze',
    userId,
    reason,
    at: ctx.now().toISOString(),
  });
  try {
    await withRetry(
      () =>
        ctx.db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: ctx.tables.wallets,
                  Key: { user_id: userId },
                  UpdateExpression: 'SET frozen = :frozen',
                  ConditionExpression: 'attribute_exists(user_id)',
                  ExpressionAttributeValues: { ':frozen': frozen },
                },
              },
              action.write,
            ],
          }),
        ),
      ctx.retryPolicy,
      ctx.onRetry,
    );
  } catch (error) {
    const walletMissing =
      error instanceof TransactionCanceledException &&
      error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed';
    if (walletMissing) throw new UserNotFoundError(userId);
    throw error;
  }
  return { userId, frozen, actionId };
}
