import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { readPages } from '#shared/dynamo/read-pages';
import { withRetry } from '#shared/dynamo/retry';
import type { LedgerContext } from '#shared/ledger/context';
import { assertUserId } from '#shared/ledger/rules';
import { type TransactionRecord, transactionIdFor } from '#shared/ledger/transaction';
import { transactionsTable } from '#shared/tables';

/** The idempotency owner of purchases: a Checkout Session is credited once, whoever delivers it. */
export const PURCHASE_IDEMPOTENCY_OWNER = 'stripe-checkout';

/** A purchase's transaction id is derived from its Checkout Session id, so it can be read back. */
export function purchaseTransactionId(sessionId: string): string {
  return transactionIdFor('purchase', { owner: PURCHASE_IDEMPOTENCY_OWNER, key: sessionId });
}

/** The purchase that credited this Checkout Session, if it has been credited. */
export async function getPurchase(
  ctx: LedgerContext,
  sessionId: string,
): Promise<TransactionRecord | undefined> {
  const { Item } = await withRetry(
    () =>
      ctx.db.send(
        new GetCommand({
          TableName: ctx.tables.transactions,
          Key: { transaction_id: purchaseTransactionId(sessionId) },
          ConsistentRead: true,
        }),
      ),
    ctx.retryPolicy,
    ctx.onRetry,
  );
  const record = Item as TransactionRecord | undefined;
  return record?.transaction_type === 'purchase' ? record : undefined;
}

/**
 * The fallback when the Checkout Session of a payment cannot be found: the user's received
 * transactions, searched for the purchase paid by this PaymentIntent. It reads the user's whole
 * received history in the worst case, which is why it is only the fallback; the index is
 * eventually consistent, which is harmless for refunds that come long after the purchase.
 */
export async function findPurchaseByPaymentIntent(
  ctx: LedgerContext,
  userId: string,
  paymentIntentId: string,
): Promise<TransactionRecord | undefined> {
  assertUserId(userId);
  const byRecipient = transactionsTable.globalIndexes[1];
  const found = await readPages<TransactionRecord>(
    (startKey) =>
      ctx.db.send(
        new QueryCommand({
          TableName: ctx.tables.transactions,
          IndexName: byRecipient.indexName,
          KeyConditionExpression: `${byRecipient.partitionKey.name} = :user`,
          FilterExpression: 'transaction_type = :purchase AND payment_intent_id = :pi',
          ExpressionAttributeValues: {
            ':user': userId,
            ':purchase': 'purchase',
            ':pi': paymentIntentId,
          },
          ExclusiveStartKey: startKey,
        }),
      ),
    { retryPolicy: ctx.retryPolicy, onRetry: ctx.onRetry, enough: (items) => items.length > 0 },
  );
  return found[0];
}
