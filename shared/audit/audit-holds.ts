import type { HoldItem } from '#shared/holds/hold';
import type { TransactionRecord } from '#shared/ledger/transaction';

interface WalletHeld {
  readonly user_id: string;
  readonly held?: number;
}

type CaptureFields = Pick<
  TransactionRecord,
  'transaction_id' | 'transaction_type' | 'from_user_id' | 'amount' | 'reference_id'
>;

/**
 * Invariant 11 for one hold, given the record it names (read by key): a positive amount; a held
 * hold is in the sweeper's index and a settled one is not; a captured hold has its spend record
 * (`spend`, from its user, of `captured_amount` in 1 … amount, referring to the hold); a voided
 * or expired one has no capture.
 */
export function holdProblems(hold: HoldItem, record: CaptureFields | undefined): string[] {
  const id = hold.hold_id;
  const problems: string[] = [];
  if (!Number.isSafeInteger(hold.amount) || hold.amount < 1)
    problems.push(`hold ${id}: amount ${hold.amount}`);
  if (hold.status === 'held') {
    if (hold.sweep_bucket === undefined) problems.push(`hold ${id}: held but not sweepable`);
  } else if (hold.sweep_bucket !== undefined) {
    problems.push(`hold ${id}: ${hold.status} but still in the sweeper's index`);
  }
  if (hold.status === 'captured') {
    const captured = hold.captured_amount ?? 0;
    if (!record) problems.push(`hold ${id}: captured without its spend record`);
    else if (
      record.transaction_type !== 'spend' ||
      record.from_user_id !== hold.user_id ||
      record.amount !== captured ||
      record.reference_id !== id
    ) {
      problems.push(
        `hold ${id}: captured ${captured}, its record ${record.transaction_id} differs`,
      );
    }
    if (captured < 1 || captured > hold.amount)
      problems.push(`hold ${id}: captured ${captured} of ${hold.amount}`);
  } else if (hold.transaction_id !== undefined || hold.captured_amount !== undefined) {
    problems.push(`hold ${id}: ${hold.status} but has a capture`);
  }
  return problems;
}

/** A spend that captures a hold is the one its hold (read by key) records. */
export const capturesHold = (tx: Pick<TransactionRecord, 'transaction_type' | 'reference_id'>) =>
  tx.transaction_type === 'spend' && tx.reference_id?.startsWith('hold_') === true;

export function captureRecordProblems(tx: CaptureFields, hold: HoldItem | undefined): string[] {
  if (!capturesHold(tx) || hold?.transaction_id === tx.transaction_id) return [];
  return [`spend ${tx.transaction_id}: captures hold ${tx.reference_id}, which does not record it`];
}

/**
 * Invariant 11 of the audit over given items: every hold's coins are either held or settled.
 * The audit itself checks each hold and each capture by key (audit-capabilities.ts), and the
 * wallet side (`held` equals the user's held holds) per wallet (audit-wallets.ts); this joins
 * them in memory, for small sets.
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
    if (hold.status === 'held')
      heldByUser.set(hold.user_id, (heldByUser.get(hold.user_id) ?? 0) + hold.amount);
    const record = hold.transaction_id ? byId.get(hold.transaction_id) : undefined;
    breaches.push(...holdProblems(hold, record));
  }
  for (const tx of transactions)
    breaches.push(
      ...captureRecordProblems(tx, tx.reference_id ? holdsById.get(tx.reference_id) : undefined),
    );
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
