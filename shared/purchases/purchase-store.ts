import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { withRetry } from '#shared/dynamo/retry';
import type { LedgerContext } from '#shared/ledger/context';
import type { CompanionWrite } from '#shared/ledger/post-transaction';
import {
  PurchaseNotFoundError,
  PurchaseRefundedError,
  PurchaseStateError,
} from '#shared/purchases/errors';
import {
  type Purchase,
  type PurchaseItem,
  type RefundReason,
  toPurchase,
} from '#shared/purchases/purchase';
import {
  decideRefunded,
  type RefundDecision,
  type RefundRecord,
  recordRefundIdOn,
} from '#shared/refunds/refund-record';

/** What the purchase is for: the buyer, the bundle and its coins. */
export interface PurchaseTerms {
  readonly sessionId: string;
  readonly userId: string;
  readonly bundleId: string;
  readonly coins: number;
}

/** The condition of every first final status: nothing decided yet about this session. */
const UNDECIDED = '(attribute_not_exists(session_id) OR #status = :pending)';

/**
 * `/purchase`, once Stripe has returned the session: the purchase is `pending`. A retried request
 * (same Idempotency-Key, so the same session) finds it written and leaves it as it is, and so
 * does a webhook that overtook it: a final status is never reset to pending.
 */
export async function recordPendingPurchase(
  ctx: LedgerContext,
  terms: PurchaseTerms,
): Promise<void> {
  const now = ctx.now().toISOString();
  const item: PurchaseItem = {
    session_id: terms.sessionId,
    status: 'pending',
    user_id: terms.userId,
    bundle_id: terms.bundleId,
    coins: terms.coins,
    created_at: now,
    updated_at: now,
  };
  try {
    await withRetry(
      () =>
        ctx.db.send(
          new PutCommand({
            TableName: ctx.tables.purchases,
            Item: item,
            ConditionExpression: 'attribute_not_exists(session_id)',
          }),
        ),
      ctx.retryPolicy,
      ctx.onRetry,
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

export async function readPurchase(
  ctx: LedgerContext,
  sessionId: string,
): Promise<PurchaseItem | undefined> {
  const { Item } = await withRetry(
    () =>
      ctx.db.send(
        new GetCommand({
          TableName: ctx.tables.purchases,
          Key: { session_id: sessionId },
          ConsistentRead: true,
        }),
      ),
    ctx.retryPolicy,
    ctx.onRetry,
  );
  return Item as PurchaseItem | undefined;
}

/** The caller's purchase; another user's is as unknown as a made-up id. */
export async function getPurchaseOf(
  ctx: LedgerContext,
  userId: string,
  sessionId: string,
): Promise<Purchase> {
  const item = await readPurchase(ctx, sessionId);
  if (!item || item.user_id !== userId) throw new PurchaseNotFoundError();
  return toPurchase(item);
}

/**
 * The status write that commits with the `purchase` mint: `credited`, with the transaction id.
 * It creates the item when `/purchase` never wrote it (it crashed after Stripe answered), and
 * fails, cancelling the mint, when the session was refunded: a refunded session is never credited.
 */
export function creditedCompanion(
  ctx: LedgerContext,
  terms: PurchaseTerms & { readonly transactionId: string },
): CompanionWrite {
  const now = ctx.now().toISOString();
  return {
    write: {
      Update: {
        TableName: ctx.tables.purchases,
        Key: { session_id: terms.sessionId },
        UpdateExpression: [
          'SET #status = :credited',
          'transaction_id = :transaction',
          'user_id = :user',
          'bundle_id = :bundle',
          'coins = :coins',
          'created_at = if_not_exists(created_at, :now)',
          'updated_at = :now',
        ].join(', '),
        ConditionExpression: UNDECIDED,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':credited': 'credited',
          ':pending': 'pending',
          ':transaction': terms.transactionId,
          ':user': terms.userId,
          ':bundle': terms.bundleId,
          ':coins': terms.coins,
          ':now': now,
        },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    },
    explain: (old) =>
      old?.status === 'refunded'
        ? new PurchaseRefundedError(terms.sessionId)
        : new PurchaseStateError(terms.sessionId, old?.status),
  };
}

/**
 * Decides, durably and before Stripe is asked, that this session is refunded: from then on its
 * credit's condition fails, so no delivery (a retry, a late async success, a `charge.refunded`
 * that re-runs fulfilment) can credit it. Idempotent: a session already decided refunded keeps its
 * first reason and answers its refund id if Stripe's answer was recorded; a credited session is
 * left alone and answers `credited`.
 */
export function decideRefund(
  ctx: LedgerContext,
  terms: Omit<PurchaseTerms, 'userId'> & {
    readonly userId: string | undefined;
    readonly reason: RefundReason;
  },
): Promise<RefundDecision> {
  return decideRefunded(ctx, purchaseRecord(ctx, terms.sessionId), {
    keep: {
      refund_reason: terms.reason,
      user_id: terms.userId,
      bundle_id: terms.bundleId,
      coins: terms.coins,
    },
  });
}

/** Stripe's answer to the refund, on a purchase decided refunded. Idempotent. */
export function recordRefundId(
  ctx: LedgerContext,
  sessionId: string,
  refundId: string,
): Promise<void> {
  return recordRefundIdOn(ctx, purchaseRecord(ctx, sessionId), refundId);
}

function purchaseRecord(ctx: LedgerContext, sessionId: string): RefundRecord {
  return {
    tableName: ctx.tables.purchases,
    key: { session_id: sessionId },
    undecided: UNDECIDED,
    undecidedValues: { ':pending': 'pending' },
  };
}
