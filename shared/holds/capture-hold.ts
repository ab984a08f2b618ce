import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { withRetry } from '#shared/dynamo/retry';
import { InsufficientFundsError } from '#shared/errors';
import { CaptureExceedsHoldError, HoldExpiredError } from '#shared/holds/errors';
import { type Hold, type HoldItem, toHold } from '#shared/holds/hold';
import { readHold } from '#shared/holds/hold-store';
import { expireHold, settledError, touchHold } from '#shared/holds/settle-hold';
import type { LedgerContext } from '#shared/ledger/context';
import { postTransaction } from '#shared/ledger/post-transaction';
import { SYSTEM_USER_ID } from '#shared/ledger/rules';
import {
  newRecord,
  requestHash,
  type Transaction,
  type TransactionRecord,
  toTransaction,
  transactionIdFor,
} from '#shared/ledger/transaction';
import type { ServiceClient } from '#shared/services/service-clients';
import { serviceOwner } from '#shared/spending/spend';

export interface CaptureResult {
  readonly hold: Hold;
  readonly transaction: Transaction;
  readonly replayed: boolean;
}

/**
 * Settles a hold as a spend. ONE posting: the `spend` record (its id derived from the hold, so a
 * hold is captured at most once whatever the keys), the wallet's debit from `held` (the whole
 * hold leaves `held`, the uncaptured rest goes back to `balance`), the credit of a DASWOS AI
 * reserve shard, and the hold's status as a companion conditioned on `held` and not expired.
 * A concurrent void or expiry fails that condition: exactly one settlement wins.
 */
export async function captureHold(
  ctx: LedgerContext,
  client: ServiceClient,
  holdId: string,
  requested?: number,
): Promise<CaptureResult> {
  const item = await touchHold(ctx, client, holdId);
  if (item.status === 'captured') return replay(ctx, item);
  if (item.status !== 'held') throw settledError(item);
  const amount = requested ?? item.amount;
  if (!Number.isSafeInteger(amount) || amount < 1 || amount > item.amount) {
    throw new CaptureExceedsHoldError(item.amount);
  }

  const now = ctx.now();
  const record = newRecord({
    transactionId: transactionIdFor('spend', { owner: 'hold', key: holdId }),
    type: 'spend',
    from: item.user_id,
    to: SYSTEM_USER_ID,
    amount,
    referenceId: holdId,
    description: item.description,
    initiatedBy: serviceOwner(client),
    feature: item.feature,
    clientId: client.clientId,
    // The hold alone: whichever capture of it committed is the one a retry replays.
    requestHash: requestHash({ type: 'spend', holdId }),
    now,
  });
  try {
    const result = await postTransaction(ctx, {
      record,
      debit: { userId: item.user_id, mustCover: true, fromHeld: { release: item.amount - amount } },
      credit: { userId: SYSTEM_USER_ID },
      companions: [
        {
          write: {
            Update: {
              TableName: ctx.tables.holds,
              Key: { hold_id: holdId },
              UpdateExpression:
                'SET #status = :captured, captured_amount = :amount, transaction_id = :tx, settled_at = :now REMOVE sweep_bucket',
              ConditionExpression: '#status = :held AND expires_at > :now',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: {
                ':captured': 'captured',
                ':held': 'held',
                ':amount': amount,
                ':tx': record.transaction_id,
                ':now': now.toISOString(),
              },
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            },
          },
          explain: (old) =>
            old?.status === 'held'
              ? new HoldExpiredError()
              : settledError(old as unknown as HoldItem),
        },
      ],
    });
    if (result.replayed) return replay(ctx, (await readHold(ctx, holdId)) ?? item);
    const captured: HoldItem = {
      ...item,
      status: 'captured',
      captured_amount: amount,
      transaction_id: record.transaction_id,
      settled_at: now.toISOString(),
    };
    return { hold: toHold(captured), transaction: toTransaction(result.record), replayed: false };
  } catch (error) {
    if (error instanceof HoldExpiredError) {
      await expireHold(ctx, (await readHold(ctx, holdId)) ?? item);
      throw error;
    }
    // The wallet's `held` no longer covers the hold: it was voided or expired meanwhile.
    if (error instanceof InsufficientFundsError) {
      const current = await readHold(ctx, holdId);
      if (current && current.status !== 'held') throw settledError(current);
    }
    throw error;
  }
}

/** Capturing a captured hold answers what its capture answered. */
async function replay(ctx: LedgerContext, item: HoldItem): Promise<CaptureResult> {
  if (item.status !== 'captured' || !item.transaction_id) throw settledError(item);
  const transactionId = item.transaction_id;
  const { Item } = await withRetry(
    () =>
      ctx.db.send(
        new GetCommand({
          TableName: ctx.tables.transactions,
          Key: { transaction_id: transactionId },
          ConsistentRead: true,
        }),
      ),
    ctx.retryPolicy,
    ctx.onRetry,
  );
  if (!Item) throw new Error(`hold ${item.hold_id}: captured without its spend record`);
  return {
    hold: toHold(item),
    transaction: toTransaction(Item as TransactionRecord),
    replayed: true,
  };
}
