import { paidAgain, type RecordFields, recordOf } from '#shared/audit/audit-by-key';
import { getItem } from '#shared/audit/audit-reserve';
import type { LedgerContext } from '#shared/ledger/context';
import { allowanceTransactionId } from '#shared/subscriptions/allowance-id';
import {
  type InvoiceItem,
  invoiceKey,
  SUBSCRIPTION_STATUSES,
  type SubscriptionItem,
  type SubscriptionsTableItem,
  subscriptionKey,
} from '#shared/subscriptions/subscription';

/**
 * The subscription invariants of the audit, each checked on one item or one record and what it
 * names, read by key (so the audit holds none of them):
 * 12. no invoice credited twice: an invoice's allowance is the one its invoice item names (or
 *     else the one its crediting would write, allowanceTransactionId);
 * 13. invoices agree with the ledger: a `credited` invoice's transaction is the allowance of that
 *     invoice, for its coins, to its subscriber; a `refunded` invoice was never credited; every
 *     allowance has its credited invoice item (they are written in one transaction);
 * 14. subscription items are consistent: a known status, and a user's current subscription is
 *     a subscription of that user.
 */
export async function subscriptionItemProblems(
  ctx: LedgerContext,
  item: SubscriptionsTableItem,
): Promise<string[]> {
  if (item.kind === 'subscription') {
    return (SUBSCRIPTION_STATUSES as readonly string[]).includes(item.status)
      ? []
      : [`subscription ${item.subscription_id}: unknown status ${item.status}`];
  }
  if (item.kind === 'user') {
    if (item.subscription_id === undefined) return [];
    const current = await getItem<SubscriptionItem>(ctx, ctx.tables.subscriptions, {
      id: subscriptionKey(item.subscription_id),
    });
    return current?.user_id === item.user_id
      ? []
      : [`user ${item.user_id}: current subscription ${item.subscription_id} is not theirs`];
  }
  if (item.status !== 'credited') return [];
  const tx = item.transaction_id ? await recordOf(ctx, item.transaction_id) : undefined;
  const matches =
    tx !== undefined &&
    tx.transaction_type === 'subscription' &&
    tx.reference_id === item.invoice_id &&
    tx.amount === item.coins &&
    tx.to_user_id === item.user_id;
  return matches ? [] : [`invoice ${item.invoice_id}: credited, but no matching allowance`];
}

export async function allowanceRecordProblems(
  ctx: LedgerContext,
  tx: RecordFields,
): Promise<string[]> {
  const invoiceId = tx.reference_id;
  if (tx.transaction_type !== 'subscription' || !invoiceId) return [];
  const invoice = await getItem<InvoiceItem>(ctx, ctx.tables.subscriptions, {
    id: invoiceKey(invoiceId),
  });
  const problems: string[] = [];
  if (invoice && invoice.status !== 'credited')
    problems.push(`invoice ${invoiceId}: ${invoice.status}, but it was credited`);
  if (invoice?.status !== 'credited')
    problems.push(`invoice ${invoiceId}: credited in the ledger without a credited invoice item`);
  const twice = await paidAgain(
    ctx,
    tx,
    invoice?.transaction_id ?? allowanceTransactionId(invoiceId),
  );
  if (twice) problems.push(`invoice ${invoiceId} credited 2 times: ${twice}`);
  return problems;
}
