import type { HoldItem } from '#shared/holds/hold';
import type { TransactionRecord } from '#shared/ledger/transaction';

interface WalletHeld {
  readonly user_id: string;
  readonly held?: number;
}

/**
 * Invariant 7 of the audit: every hold's coins are either held or settled.
 *  - a wallet's `held` is never below zero and equals the sum of its user's `held` holds;
 *  - a captured hold has its spend record: `spend`, from its user, of `captured_amount`
 *    (1 … amount), referring to the hold; a voided or expired hold has none;
 *  - no spend record refers to a hold that is not captured with that record.
 */
export function auditHolds(
  wallets: readonly WalletHeld[],
  holds: readonly HoldItem[],
  transactions: readonly TransactionRecord[],
): string[] {
  const breaches: string[] = [];
  const heldByUser = new Map<string, number>();
  const byId = new Map(transactions.map((tx) => [tx.transaction_id, tx]));
  const holdsById = new Map(holds.map((hold) => [hold.hold_id, hold]));
  for (const hold of holds) {
    const id = hold.hold_id;
    if (!Number.isSafeInteger(hold.amount) || hold.amount < 1)
      breaches.push(`hold ${id}: amount ${hold.amount}`);
    if (hold.status === 'held') {
      heldByUser.set(hold.user_id, (heldByUser.get(hold.user_id) ?? 0) + hold.amount);
      if (hold.sweep_bucket === undefined) breaches.push(`hold ${id}: held but not sweepable`);
    } else if (hold.sweep_bucket !== undefined) {
      breaches.push(`hold ${id}: ${hold.status} but still in the sweeper's index`);
    }
    if (hold.status === 'captured') {
      const record = hold.transaction_id ? byId.get(hold.transaction_id) : undefined;
      const captured = hold.captured_amount ?? 0;
      if (!record) breaches.push(`hold ${id}: captured without its spend record`);
      else if (
        record.transaction_type !== 'spend' ||
        record.from_user_id !== hold.user_id ||
        record.amount !== captured ||
        record.reference_id !== id
      ) {
        breaches.push(
          `hold ${id}: captured ${captured}, its record ${record.transaction_id} differs`,
        );
      }
      if (captured < 1 || captured > hold.amount)
        breaches.push(`hold ${id}: captured ${captured} of ${hold.amount}`);
    } else if (hold.transaction_id !== undefined || hold.captured_amount !== undefined) {
      breaches.push(`hold ${id}: ${hold.status} but has a capture`);
    }
  }
  for (const tx of transactions) {
    if (tx.transaction_type !== 'spend' || !tx.reference_id?.startsWith('hold_')) continue;
    if (holdsById.get(tx.reference_id)?.transaction_id !== tx.transaction_id) {
      breaches.push(
        `spend ${tx.transaction_id}: captures hold ${tx.reference_id}, which does not record it`,
      );
    }
  }
  for (const wallet of wallets) {
    const held = wallet.held ?? 0;
    const expected = heldByUser.get(wallet.user_id) ?? 0;
    if (held < 0) breaches.push(`wallet ${wallet.user_id}: held ${held} is below zero`);
    if (held !== expected) {
      breaches.push(`wallet ${wallet.user_id}: held ${held}, its held holds sum to ${expected}`);
    }
  }
  return breaches;
}
