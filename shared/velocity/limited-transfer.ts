import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { withRetry } from '#shared/dynamo/retry';
import type { LedgerContext } from '#shared/ledger/context';
import { type TransferRequest, type TransferResult, transfer } from '#shared/ledger/transfer';
import type { TransferLimits } from '#shared/velocity/transfer-limits';
import {
  assertWithinDailyCoins,
  VelocityHintOutdatedError,
  velocityExtra,
  type WalletHint,
} from '#shared/velocity/velocity-counters';

/** A window can move under a transfer at most twice (hour and day); more means contention. */
const MAX_ATTEMPTS = 4;

/**
 * POST /transfer with the sender's velocity limits (velocity-counters.ts): one posting whose
 * debit also moves the counters. The wallet is read first, eventually consistent (half a read
 * unit), only to choose the counters' expression; a stale read costs a retry, never a wrong
 * answer.
 */
export async function limitedTransfer(
  ctx: LedgerContext,
  limits: TransferLimits,
  request: TransferRequest,
): Promise<TransferResult> {
  const now = ctx.now();
  assertWithinDailyCoins(request.amount, limits, now);
  const pinned = { ...ctx, now: () => now };
  let hint = await readHint(ctx, request.from);
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await transfer(pinned, {
        ...request,
        senderExtra: velocityExtra(limits, hint, request.amount, now),
      });
    } catch (error) {
      if (!(error instanceof VelocityHintOutdatedError) || attempt >= MAX_ATTEMPTS) throw error;
      hint = error.wallet;
    }
  }
}

async function readHint(ctx: LedgerContext, userId: string): Promise<WalletHint> {
  const { Item } = await withRetry(
    () =>
      ctx.db.send(
        new GetCommand({
          TableName: ctx.tables.wallets,
          Key: { user_id: userId },
          ProjectionExpression: 'xfer_hour, xfer_prev_count, xfer_day',
        }),
      ),
    ctx.retryPolicy,
    ctx.onRetry,
  );
  return Item;
}
