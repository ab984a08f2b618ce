import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { type NativeAttributeValue, unmarshall } from '@aws-sdk/util-dynamodb';
import { withRetry } from '#shared/dynamo/retry';
import {
  IdempotencyKeyReusedError,
  InsufficientFundsError,
  LedgerNotSeededError,
  SupplyExhaustedError,
  UserNotFoundError,
} from '#shared/errors';
import type { LedgerContext } from '#shared/ledger/context';
import { SYSTEM_USER_ID } from '#shared/ledger/rules';
import type { TransactionRecord } from '#shared/ledger/transaction';

export const SUPPLY_ROW_ID = 'daswos-coins';

/**
 * One ledger posting: a record, a debit, a credit and (for mints and clawbacks) the change to
 * `minted_amount`, written as ONE TransactWriteItems. Invariants it keeps, whatever interleaving
 * or retry happens:
 *  - coins are conserved: the debit and the credit are the same amount in the same transaction;
 *  - a covered debit never takes a wallet below zero (`balance >= :amount`); only clawbacks,
 *    which recover coins a user was paid for and then refunded, may skip that check;
 *  - `minted_amount` moves with the DASWOS AI wallet, so minted = total - DASWOS AI balance;
 *  - the record's id is the operation's idempotency key, written with `attribute_not_exists`:
 *    an operation takes effect at most once, and a replay is recognised by its request hash.
 */
export interface Posting {
  readonly record: TransactionRecord;
  readonly debit: { readonly userId: string; readonly mustCover: boolean };
  readonly credit: { readonly userId: string };
  /** +amount for a mint, -amount for a clawback, absent for a transfer. */
  readonly mintedDelta?: number;
}

export interface PostingResult {
  readonly record: TransactionRecord;
  /** True when an earlier attempt or request with the same key had already written it. */
  readonly replayed: boolean;
}

const RECORD = 0;
const DEBIT = 1;
const CREDIT = 2;
const SUPPLY = 3;

export async function postTransaction(
  ctx: LedgerContext,
  posting: Posting,
): Promise<PostingResult> {
  const { record, debit, credit } = posting;
  const now = record.timestamp;
  const walletUpdate = (userId: string, sign: '+' | '-', condition: string) => ({
    Update: {
      TableName: ctx.tables.wallets,
      Key: { user_id: userId },
      UpdateExpression: `SET balance = balance ${sign} :amount, last_updated = :now`,
      ConditionExpression: condition,
      ExpressionAttributeValues: { ':amount': record.amount, ':now': now },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
    },
  });
  const items = [
    {
      Put: {
        TableName: ctx.tables.transactions,
        Item: record,
        ConditionExpression: 'attribute_not_exists(transaction_id)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
      },
    },
    walletUpdate(
      debit.userId,
      '-',
      debit.mustCover
        ? 'attribute_exists(user_id) AND balance >= :amount'
        : 'attribute_exists(user_id)',
    ),
    walletUpdate(credit.userId, '+', 'attribute_exists(user_id)'),
    ...(posting.mintedDelta === undefined
      ? []
      : [
          {
            Update: {
              TableName: ctx.tables.supply,
              Key: { id: SUPPLY_ROW_ID },
              UpdateExpression: 'SET minted_amount = minted_amount + :delta',
              ConditionExpression: 'attribute_exists(id)',
              ExpressionAttributeValues: { ':delta': posting.mintedDelta },
            },
          },
        ]),
  ];

  try {
    await withRetry(
      () => ctx.db.send(new TransactWriteCommand({ TransactItems: items })),
      ctx.retryPolicy,
      ctx.onRetry,
    );
    return { record, replayed: false };
  } catch (error) {
    if (error instanceof TransactionCanceledException) return explainCancellation(error, posting);
    throw error;
  }
}

function failedItem(error: TransactionCanceledException, index: number) {
  const reason = error.CancellationReasons?.[index];
  if (reason?.Code !== 'ConditionalCheckFailed') return undefined;
  const item = reason.Item as Record<string, never> | undefined;
  return { old: item ? (unmarshall(item) as Record<string, NativeAttributeValue>) : undefined };
}

/** Turns a cancellation into its answer: a replay, or the domain error of the failed condition. */
function explainCancellation(error: TransactionCanceledException, posting: Posting): PostingResult {
  const duplicate = failedItem(error, RECORD);
  if (duplicate?.old) {
    const original = duplicate.old as unknown as TransactionRecord;
    if (original.request_hash !== posting.record.request_hash)
      throw new IdempotencyKeyReusedError();
    return { record: original, replayed: true };
  }
  const debit = failedItem(error, DEBIT);
  if (debit) {
    if (posting.debit.userId === SYSTEM_USER_ID) {
      throw debit.old ? new SupplyExhaustedError() : new LedgerNotSeededError();
    }
    // A wallet that does not exist holds nothing: to its owner that is an uncovered amount.
    throw new InsufficientFundsError();
  }
  const credit = failedItem(error, CREDIT);
  if (credit) {
    if (posting.credit.userId === SYSTEM_USER_ID) throw new LedgerNotSeededError();
    throw new UserNotFoundError(posting.credit.userId);
  }
  if (failedItem(error, SUPPLY)) throw new LedgerNotSeededError();
  throw error;
}
