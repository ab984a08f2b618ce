import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { type NativeAttributeValue, unmarshall } from '@aws-sdk/util-dynamodb';
import { withRetry } from '#shared/dynamo/retry';
import {
  IdempotencyKeyReusedError,
  InsufficientFundsError,
  LedgerNotSeededError,
  SupplyExhaustedError,
  UserNotFoundError,
  WalletFrozenError,
} from '#shared/errors';
import type { LedgerContext } from '#shared/ledger/context';
import { SYSTEM_USER_ID } from '#shared/ledger/rules';
import type { TransactionRecord } from '#shared/ledger/transaction';
import { postFromReserve, postToReserve } from '#shared/reserve/post-reserve';
import { isReserveWallet } from '#shared/reserve/reserve-ids';

/**
 * One ledger posting: a record, a debit and a credit, written as ONE TransactWriteItems.
 * Invariants it keeps, whatever interleaving or retry happens:
 *  - coins are conserved: the debit and the credit are the same amount in the same transaction;
 *  - a covered debit never takes a wallet below zero (`balance >= :amount`); only clawbacks,
 *    which recover coins a user was paid for and then refunded, may skip that check;
 *  - DASWOS AI's side is one reserve shard (shared/reserve), named in the record; minted is
 *    total - the reserve, read on a snapshot, so no posting writes a shared supply figure;
 *  - the record's id is the operation's idempotency key, written with `attribute_not_exists`:
 *    an operation takes effect at most once, and a replay is recognised by its request hash;
 *  - a frozen user wallet is never debited by a covered debit (the condition is on the wallet
 *    item itself, so a freeze that commits first wins against any debit in flight);
 *  - companions (a hold, a grant's status, a limit counter) commit with the posting or not at all.
 */
export interface Posting {
  readonly record: TransactionRecord;
  readonly debit: PostingSide & { readonly mustCover: boolean; readonly fromHeld?: HeldDebit };
  readonly credit: PostingSide;
  /** Further conditioned writes of the same operation, in the same TransactWriteItems. */
  readonly companions?: readonly CompanionWrite[];
}

/** One wallet of a posting, with what else the operation changes or requires on that item. */
export interface PostingSide {
  /** A user, or DASWOS AI (`SYSTEM_USER_ID`): postTransaction puts that side on a shard. */
  readonly userId: string;
  /**
   * More of the same UpdateExpression on this wallet (e.g. a velocity counter), its conditions
   * (ANDed with the posting's own) and their values. Names must not collide with `:amount`/`:now`.
   */
  readonly extra?: WalletExtra;
}

export interface WalletExtra {
  readonly set?: readonly string[];
  readonly condition?: string;
  readonly values?: Readonly<Record<string, NativeAttributeValue>>;
  /** Called with the wallet as it was when the condition failed; returns the error to throw, or
   * undefined to fall back to the posting's own explanation (insufficient funds, unknown user). */
  readonly explain?: (old: Record<string, NativeAttributeValue> | undefined) => Error | undefined;
}

/** A write that belongs to the operation: one Put/Update/ConditionCheck/Delete in lib-dynamodb form. */
export interface CompanionWrite {
  readonly write: NonNullable<TransactWriteCommandInput['TransactItems']>[number];
  /** The error its failed condition means, from the item as it was (ReturnValuesOnConditionCheckFailure). */
  readonly explain: (old: Record<string, NativeAttributeValue> | undefined) => Error;
}

/**
 * A debit taken from the wallet's reserved coins (`held`) instead of its balance: the capture of
 * a hold. The hold reserved `amount + release`; `amount` leaves the wallet, `release` (the part
 * not captured) goes back to `balance`, in the same UpdateExpression:
 * `held = held - (amount + release)`, `balance = balance + release`. With `mustCover`, the
 * condition is `held >= amount + release` instead of `balance >= amount`.
 */
export interface HeldDebit {
  readonly release: number;
}

/** A user wallet that may be debited: not frozen. Absent `frozen` means never frozen. */
export const NOT_FROZEN = '(attribute_not_exists(frozen) OR frozen = :notFrozen)';

export interface PostingResult {
  readonly record: TransactionRecord;
  /** True when an earlier attempt or request with the same key had already written it. */
  readonly replayed: boolean;
}

const RECORD = 0;
const DEBIT = 1;
const CREDIT = 2;
const FIRST_COMPANION = 3;

/** Every posting, DASWOS AI's included: the reserve picks the shard of a mint or a return. */
export async function postTransaction(
  ctx: LedgerContext,
  posting: Posting,
): Promise<PostingResult> {
  const write = (onShard: Posting) => writePosting(ctx, onShard);
  if (posting.debit.userId === SYSTEM_USER_ID) return postFromReserve(ctx, posting, write);
  if (posting.credit.userId === SYSTEM_USER_ID) return postToReserve(ctx, posting, write);
  return write(posting);
}

async function writePosting(ctx: LedgerContext, posting: Posting): Promise<PostingResult> {
  const { record, debit, credit } = posting;
  const now = record.timestamp;
  const fromHeld = debit.fromHeld;
  const walletUpdate = (
    side: PostingSide,
    sign: '+' | '-',
    conditions: string[],
    held?: HeldDebit,
  ) => {
    const extra = side.extra;
    // A held debit's own expression has no `:amount`; an extra clause of the side may still use it.
    const extraUsesAmount = [...(extra?.set ?? []), extra?.condition ?? ''].some((part) =>
      part.includes(':amount'),
    );
    return {
      Update: {
        TableName: ctx.tables.wallets,
        Key: { user_id: side.userId },
        UpdateExpression: [
          held
            ? 'SET held = held - :heldTotal, balance = balance + :release'
            : `SET balance = balance ${sign} :amount`,
          'last_updated = :now',
          ...(extra?.set ?? []),
        ].join(', '),
        ConditionExpression: [...conditions, ...(extra?.condition ? [extra.condition] : [])].join(
          ' AND ',
        ),
        ExpressionAttributeValues: {
          ...(held
            ? {
                ':heldTotal': record.amount + held.release,
                ':release': held.release,
                ...(extraUsesAmount ? { ':amount': record.amount } : {}),
              }
            : { ':amount': record.amount }),
          ':now': now,
          ...(conditions.includes(NOT_FROZEN) ? { ':notFrozen': false } : {}),
          ...extra?.values,
        },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
      },
    };
  };
  const userDebit = !isReserveWallet(debit.userId) && debit.mustCover;
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
      debit,
      '-',
      [
        'attribute_exists(user_id)',
        ...(debit.mustCover ? [fromHeld ? 'held >= :heldTotal' : 'balance >= :amount'] : []),
        ...(userDebit ? [NOT_FROZEN] : []),
      ],
      fromHeld,
    ),
    walletUpdate(credit, '+', ['attribute_exists(user_id)']),
    ...(posting.companions ?? []).map((companion) => companion.write),
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

function failedItem(error: TransactionCanceledException, index: number | undefined) {
  if (index === undefined) return undefined;
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
    const explained = posting.debit.extra?.explain?.(debit.old);
    if (explained) throw explained;
    // A shard that cannot cover a mint: the reserve (post-reserve.ts) tries the others.
    if (isReserveWallet(posting.debit.userId)) {
      throw debit.old ? new SupplyExhaustedError() : new LedgerNotSeededError();
    }
    if (posting.debit.mustCover && debit.old?.frozen === true) throw new WalletFrozenError();
    // A wallet that does not exist holds nothing: to its owner that is an uncovered amount.
    throw new InsufficientFundsError();
  }
  const credit = failedItem(error, CREDIT);
  if (credit) {
    const explained = posting.credit.extra?.explain?.(credit.old);
    if (explained) throw explained;
    if (isReserveWallet(posting.credit.userId)) throw new LedgerNotSeededError();
    throw new UserNotFoundError(posting.credit.userId);
  }
  for (const [offset, companion] of (posting.companions ?? []).entries()) {
    const failed = failedItem(error, FIRST_COMPANION + offset);
    if (failed) throw companion.explain(failed.old);
  }
  throw error;
}
