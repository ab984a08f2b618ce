import { paidAgain, type RecordFields, recordOf } from '#shared/audit/audit-by-key';
import { getItem } from '#shared/audit/audit-reserve';
import type { LedgerContext } from '#shared/ledger/context';
import { purchaseTransactionId } from '#shared/ledger/purchases';
import type { PurchaseItem } from '#shared/purchases/purchase';

/**
 * Invariant 7, from the purchase's side: a `credited` purchase's transaction is the purchase of
 * its session, for its coins, to its buyer (read by key: the purchase names it).
 */
export async function purchaseItemProblems(
  ctx: LedgerContext,
  purchase: PurchaseItem,
): Promise<string[]> {
  if (purchase.status !== 'credited') return [];
  const tx = purchase.transaction_id ? await recordOf(ctx, purchase.transaction_id) : undefined;
  const matches =
    tx !== undefined &&
    tx.transaction_type === 'purchase' &&
    tx.reference_id === purchase.session_id &&
    tx.amount === purchase.coins &&
    tx.to_user_id === purchase.user_id;
  return matches
    ? []
    : [`purchase ${purchase.session_id}: credited, but no matching purchase transaction`];
}

/**
 * Invariants 5 and 7, from the record's side: a session is credited by one transaction only —
 * the one its purchase names, or else the one its fulfilment would write
 * (purchaseTransactionId) — and a session whose purchase is not `credited` was never credited.
 * Each `purchase` record reads its purchase, and the session's own transaction, by key.
 */
export async function purchaseRecordProblems(
  ctx: LedgerContext,
  tx: RecordFields,
): Promise<string[]> {
  const session = tx.reference_id;
  if (tx.transaction_type !== 'purchase' || !session) return [];
  const purchase = await getItem<PurchaseItem>(ctx, ctx.tables.purchases, { session_id: session });
  const problems: string[] = [];
  if (purchase && purchase.status !== 'credited')
    problems.push(`purchase ${session}: ${purchase.status}, but the session was credited`);
  const twice = await paidAgain(
    ctx,
    tx,
    purchase?.transaction_id ?? purchaseTransactionId(session),
  );
  if (twice) problems.push(`checkout session ${session} credited 2 times: ${twice}`);
  return problems;
}
