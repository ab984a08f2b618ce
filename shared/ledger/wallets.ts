import {
  ConditionalCheckFailedException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { withRetry } from '#shared/dynamo/retry';
import { LedgerNotSeededError, UserNotFoundError } from '#shared/errors';
import type { LedgerContext } from '#shared/ledger/context';
import { SUPPLY_ROW_ID } from '#shared/ledger/post-transaction';
import {
  assertUserId,
  assertUserWalletId,
  SYSTEM_USER_ID,
  TOTAL_SUPPLY,
} from '#shared/ledger/rules';

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

/**
 * Creates the supply row and the DASWOS AI wallet holding every coin, together or not at all.
 * Idempotent: seeding a seeded ledger changes nothing.
 */
export async function seedLedger(ctx: LedgerContext, totalAmount = TOTAL_SUPPLY): Promise<void> {
  const now = ctx.now().toISOString();
  try {
    await withRetry(
      () =>
        ctx.db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: ctx.tables.supply,
                  Item: {
                    id: SUPPLY_ROW_ID,
                    total_amount: totalAmount,
                    minted_amount: 0,
                    creation_date: now,
                  },
                  ConditionExpression: 'attribute_not_exists(id)',
                },
              },
              {
                Put: {
                  TableName: ctx.tables.wallets,
                  Item: { user_id: SYSTEM_USER_ID, balance: totalAmount, last_updated: now },
                  ConditionExpression: 'attribute_not_exists(user_id)',
                },
              },
            ],
          }),
        ),
      ctx.retryPolicy,
      ctx.onRetry,
    );
  } catch (error) {
    const alreadySeeded =
      error instanceof TransactionCanceledException &&
      error.CancellationReasons?.some((reason) => reason.Code === 'ConditionalCheckFailed');
    if (!alreadySeeded) throw error;
  }
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

export async function getWallet(ctx: LedgerContext, userId: string): Promise<Wallet> {
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
  return { userId, balance: Item.balance as number, held: (Item.held as number | undefined) ?? 0 };
}

export async function getBalance(ctx: LedgerContext, userId: string): Promise<number> {
  return (await getWallet(ctx, userId)).balance;
}

export async function getSupply(ctx: LedgerContext): Promise<Supply> {
  const { Item } = await withRetry(
    () =>
      ctx.db.send(
        new GetCommand({
          TableName: ctx.tables.supply,
          Key: { id: SUPPLY_ROW_ID },
          ConsistentRead: true,
        }),
      ),
    ctx.retryPolicy,
    ctx.onRetry,
  );
  if (!Item) throw new LedgerNotSeededError();
  const totalAmount = Item.total_amount as number;
  const mintedAmount = Item.minted_amount as number;
  return { totalAmount, mintedAmount, remainingAmount: totalAmount - mintedAmount };
}
