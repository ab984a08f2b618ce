import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { withRetry } from '#shared/dynamo/retry';
import { UserNotFoundError } from '#shared/errors';
import type { LedgerContext } from '#shared/ledger/context';
import { assertUserId, assertUserWalletId, SYSTEM_USER_ID } from '#shared/ledger/rules';
import { readReserve } from '#shared/reserve/reserve';

export interface Wallet {
  readonly userId: string;
  /** What the user can use now. */
  readonly balance: number;
  /** Coins reserved by active holds (absent on the item until a first hold: 0). */
  readonly held: number;
}

export interface Supply {
  readonly totalAmount: number;
  readonly mintedAmount: number;
  readonly remainingAmount: number;
}

/** Every registered user gets one wallet, at zero. Idempotent: an existing wallet is kept as is. */
export async function createWallet(
  ctx: LedgerContext,
  userId: string,
): Promise<Wallet & { created: boolean }> {
  if (await putWalletIfAbsent(ctx, userId)) return { userId, balance: 0, held: 0, created: true };
  return { ...(await getWallet(ctx, userId)), created: false };
}

/**
 * Makes sure the user has a wallet, without reading it: for callers that may write wallets but
 * not read them (the purchase and the webhook), and for users whose sign-up trigger never
 * created one.
 */
export async function ensureWallet(ctx: LedgerContext, userId: string): Promise<void> {
  await putWalletIfAbsent(ctx, userId);
}

/** A new wallet at zero, by a Put conditioned on its absence; false when it existed already. */
async function putWalletIfAbsent(ctx: LedgerContext, userId: string): Promise<boolean> {
  assertUserWalletId(userId);
  const now = ctx.now().toISOString();
  try {
    await withRetry(
      () =>
        ctx.db.send(
          new PutCommand({
            TableName: ctx.tables.wallets,
            Item: { user_id: userId, balance: 0, created_at: now, last_updated: now },
            ConditionExpression: 'attribute_not_exists(user_id)',
          }),
        ),
      ctx.retryPolicy,
      ctx.onRetry,
    );
    return true;
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    return false;
  }
}

/** A user's wallet; DASWOS AI's is its whole reserve (the root and every shard, one snapshot). */
export async function getWallet(ctx: LedgerContext, userId: string): Promise<Wallet> {
  assertUserId(userId);
  if (userId === SYSTEM_USER_ID) {
    return { userId, balance: (await readReserve(ctx)).balance, held: 0 };
  }
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
  return { userId, balance: Item.balance as number, held: (Item.held as number | undefined) ?? 0 };
}

export async function getBalance(ctx: LedgerContext, userId: string): Promise<number> {
  return (await getWallet(ctx, userId)).balance;
}

/** Exact and of one instant: minted is the total minus the reserve, read in one snapshot. */
export async function getSupply(ctx: LedgerContext): Promise<Supply> {
  const reserve = await readReserve(ctx);
  const totalAmount = reserve.supply.total_amount;
  return { totalAmount, mintedAmount: reserve.mintedAmount, remainingAmount: reserve.balance };
}
