import type { TransactionRecord } from '#shared/ledger/transaction';
import {
  type InvoiceItem,
  SUBSCRIPTION_STATUSES,
  type SubscriptionItem,
  type SubscriptionsTableItem,
  type UserItem,
} from '#shared/subscriptions/subscription';

/**
 * The subscription invariants of the audit:
 *  8. no invoice credited twice: at most one `subscription` transaction per invoice id;
 *  9. invoices agree with the ledger: a `credited` invoice's transaction is the allowance of that
 *     invoice, for its coins, to its subscriber; a `refunded` invoice was never credited; every
 *     allowance has its credited invoice item (they are written in one transaction);
 * 10. subscription items are consistent: a known status, and a user's current subscription is
 *     a subscription of that user.
 */
export function subscriptionBreaches(
  items: readonly SubscriptionsTableItem[],
  transactions: readonly TransactionRecord[],
): string[] {
  const breaches: string[] = [];
  const allowances = new Map<string, TransactionRecord[]>();
  for (const tx of transactions) {
    if (tx.transaction_type !== 'subscription' || !tx.reference_id) continue;
    allowances.set(tx.reference_id, [...(allowances.get(tx.reference_id) ?? []), tx]);
  }
  for (const [invoiceId, txs] of allowances) {
    if (txs.length > 1) {
      const ids = txs.map((tx) => tx.transaction_id).join(', ');
      breaches.push(`invoice ${invoiceId} credited ${txs.length} times: ${ids}`);
    }
  }

  const invoices = items.filter((item): item is InvoiceItem => item.kind === 'invoice');
  const subscriptions = new Map(
    items
      .filter((item): item is SubscriptionItem => item.kind === 'subscription')
      .map((item) => [item.subscription_id, item]),
  );
  const credited = new Set<string>();
  for (const invoice of invoices) {
    const [tx] = allowances.get(invoice.invoice_id) ?? [];
    if (invoice.status === 'credited') {
      credited.add(invoice.invoice_id);
      const matches =
        tx !== undefined &&
        tx.transaction_id === invoice.transaction_id &&
        tx.amount === invoice.coins &&
        tx.to_user_id === invoice.user_id;
      if (!matches) {
        breaches.push(`invoice ${invoice.invoice_id}: credited, but no matching allowance`);
      }
    } else if (tx !== undefined) {
      breaches.push(`invoice ${invoice.invoice_id}: ${invoice.status}, but it was credited`);
    }
  }
  for (const invoiceId of allowances.keys()) {
    if (!credited.has(invoiceId)) {
      breaches.push(`invoice ${invoiceId}: credited in the ledger without a credited invoice item`);
    }
  }

  for (const subscription of subscriptions.values()) {
    if (!(SUBSCRIPTION_STATUSES as readonly string[]).includes(subscription.status)) {
      breaches.push(
        `subscription ${subscription.subscription_id}: unknown status ${subscription.status}`,
      );
    }
  }
  for (const user of items.filter((item): item is UserItem => item.kind === 'user')) {
    if (user.subscription_id === undefined) continue;
    const current = subscriptions.get(user.subscription_id);
    if (current?.user_id !== user.user_id) {
      breaches.push(
        `user ${user.user_id}: current subscription ${user.subscription_id} is not theirs`,
      );
    }
  }
  return breaches;
}
