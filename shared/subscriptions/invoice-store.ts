import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { withRetry } from '#shared/dynamo/retry';
import type { LedgerContext } from '#shared/ledger/context';
import type { CompanionWrite } from '#shared/ledger/post-transaction';
import {
  decideRefunded,
  type RefundDecision,
  type RefundRecord,
  recordRefundIdOn,
} from '#shared/refunds/refund-record';
import { InvoiceRefundedError, InvoiceStateError } from '#shared/subscriptions/errors';
import {
  type InvoiceItem,
  type InvoiceRefundReason,
  invoiceKey,
} from '#shared/subscriptions/subscription';

/** What a subscription invoice is for: its subscription, subscriber, plan and allowance. */
export interface InvoiceTerms {
  readonly invoiceId: string;
  readonly subscriptionId: string;
  readonly userId: string;
  readonly planId: string;
  readonly coins: number;
}

export async function readInvoiceItem(
  ctx: LedgerContext,
  invoiceId: string,
): Promise<InvoiceItem | undefined> {
  const { Item } = await withRetry(
    () =>
      ctx.db.send(
        new GetCommand({
          TableName: ctx.tables.subscriptions,
          Key: { id: invoiceKey(invoiceId) },
          ConsistentRead: true,
        }),
      ),
    ctx.retryPolicy,
    ctx.onRetry,
  );
  return Item as InvoiceItem | undefined;
}

/**
 * The invoice's status write that commits with its `subscription` mint: `credited`, with the
 * transaction id. It fails, cancelling the mint, when the invoice was refunded (a refunded invoice
 * is never credited). A replay never reaches it: the mint's own record condition answers first.
 */
export function invoiceCreditedCompanion(
  ctx: LedgerContext,
  terms: InvoiceTerms & { readonly transactionId: string },
): CompanionWrite {
  const now = ctx.now().toISOString();
  const item: InvoiceItem = {
    id: invoiceKey(terms.invoiceId),
    kind: 'invoice',
    invoice_id: terms.invoiceId,
    subscription_id: terms.subscriptionId,
    status: 'credited',
    user_id: terms.userId,
    plan_id: terms.planId,
    coins: terms.coins,
    transaction_id: terms.transactionId,
    created_at: now,
    updated_at: now,
  };
  return {
    write: {
      Put: {
        TableName: ctx.tables.subscriptions,
        Item: item,
        ConditionExpression: 'attribute_not_exists(id)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    },
    explain: (old) =>
      old?.status === 'refunded'
        ? new InvoiceRefundedError(terms.invoiceId)
        : new InvoiceStateError(terms.invoiceId, old?.status),
  };
}

/**
 * Decides, durably and before Stripe is asked, that this invoice is refunded: from then on its
 * credit's condition fails. Idempotent: an invoice decided refunded keeps its first reason and
 * answers its refund id once recorded; a credited one is left alone and answers `credited`.
 */
export function decideInvoiceRefund(
  ctx: LedgerContext,
  terms: Omit<InvoiceTerms, 'userId'> & {
    readonly userId: string | undefined;
    readonly reason: InvoiceRefundReason;
  },
): Promise<RefundDecision> {
  return decideRefunded(ctx, invoiceRecord(ctx, terms.invoiceId), {
    set: { kind: 'invoice', invoice_id: terms.invoiceId, subscription_id: terms.subscriptionId },
    keep: {
      refund_reason: terms.reason,
      user_id: terms.userId,
      plan_id: terms.planId,
      coins: terms.coins,
    },
  });
}

/** Stripe's answer to the refund, on an invoice decided refunded. Idempotent. */
export function recordInvoiceRefundId(
  ctx: LedgerContext,
  invoiceId: string,
  refundId: string,
): Promise<void> {
  return recordRefundIdOn(ctx, invoiceRecord(ctx, invoiceId), refundId);
}

function invoiceRecord(ctx: LedgerContext, invoiceId: string): RefundRecord {
  return {
    tableName: ctx.tables.subscriptions,
    key: { id: invoiceKey(invoiceId) },
    undecided: 'attribute_not_exists(id)',
  };
}
