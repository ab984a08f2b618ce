import { getItem } from '#shared/audit/audit-reserve';
import type { LedgerContext } from '#shared/ledger/context';
import type { TransactionRecord } from '#shared/ledger/transaction';

/** The fields of a record that a check by key compares. */
export type RecordFields = Pick<
  TransactionRecord,
  'transaction_id' | 'transaction_type' | 'reference_id' | 'amount' | 'to_user_id'
>;

/**
 * Records in id order: parallel scan segments deliver them in any, and a breach that names
 * several must name them in the same order in every pass to recur verbatim.
 */
export const byTransactionId = (a: RecordFields, b: RecordFields) =>
  a.transaction_id < b.transaction_id ? -1 : 1;

/** A record read by its id (strongly consistent): how every check by key reads the ledger. */
export const recordOf = (ctx: LedgerContext, transactionId: string) =>
  getItem<TransactionRecord>(ctx, ctx.tables.transactions, { transaction_id: transactionId });

/**
 * Whether `tx` pays its reference (a session, an invoice, a reward occurrence) a second time:
 * `own` is the posting that pays it — the one its item names, or the id its exactly-once path
 * derives from the reference — and it exists, is another record, and pays the same reference.
 * Answers the two ids, sorted, to name the breach; or nothing. Two postings neither of which is
 * `own` go unseen here: only a hand-written record can be one, and the wallets' replay still
 * holds every coin of both.
 */
export async function paidAgain(
  ctx: LedgerContext,
  tx: RecordFields,
  own: string,
): Promise<string | undefined> {
  if (own === tx.transaction_id) return undefined;
  const first = await recordOf(ctx, own);
  if (first?.transaction_type !== tx.transaction_type || first.reference_id !== tx.reference_id)
    return undefined;
  return [own, tx.transaction_id].sort().join(', ');
}
