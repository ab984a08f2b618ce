import type { TransactionRecord } from '#shared/ledger/transaction';
import type { PurchaseItem } from '#shared/purchases/purchase';

/** Invariant 7: each purchase's status agrees with the ledger's records of its session. */
export function purchaseBreaches(
  purchases: readonly PurchaseItem[],
  transactions: readonly TransactionRecord[],
): string[] {
  const breaches: string[] = [];
  const byId = new Map(transactions.map((tx) => [tx.transaction_id, tx]));
  const creditedSessions = new Set(
    transactions.filter((tx) => tx.transaction_type === 'purchase').map((tx) => tx.reference_id),
  );
  for (const purchase of purchases) {
    const session = purchase.session_id;
    if (purchase.status === 'credited') {
      const tx = purchase.transaction_id ? byId.get(purchase.transaction_id) : undefined;
      const matches =
        tx !== undefined &&
        tx.transaction_type === 'purchase' &&
        tx.reference_id === session &&
        tx.amount === purchase.coins &&
        tx.to_user_id === purchase.user_id;
      if (!matches) {
        breaches.push(`purchase ${session}: credited, but no matching purchase transaction`);
      }
    } else if (creditedSessions.has(session)) {
      breaches.push(`purchase ${session}: ${purchase.status}, but the session was credited`);
    }
  }
  return breaches;
}
