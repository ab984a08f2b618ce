import { auditAdminItems } from '#shared/audit/audit-admin';
import { auditHolds } from '#shared/audit/audit-holds';
import { forEachScanPage, sleep } from '#shared/audit/audit-pages';
import { purchaseBreaches } from '#shared/audit/audit-purchases';
import { referralBreaches } from '#shared/audit/audit-referrals';
import { rewardBreaches } from '#shared/audit/audit-rewards';
import { subscriptionBreaches } from '#shared/audit/subscription-invariants';
import type { HoldItem } from '#shared/holds/hold';
import type { LedgerContext } from '#shared/ledger/context';
import type { TransactionRecord } from '#shared/ledger/transaction';
import type { PurchaseItem } from '#shared/purchases/purchase';
import { referralSettings } from '#shared/referrals/settings';
import type { RewardCounterItem } from '#shared/rewards/counters';
import type { SubscriptionsTableItem } from '#shared/subscriptions/subscription';

/**
 * The records the per-capability checks read: every type but `transfer`. Transfers, the bulk of
 * a ledger, are checked by the per-wallet replay and the record checks while streaming, and are
 * never kept in memory.
 */
export const keepsForCapabilities = (tx: TransactionRecord) => tx.transaction_type !== 'transfer';

/**
 * The attributes of a record any check reads: the audit scans only these, so a kept record
 * costs its ids, amount, type, reference and time, not its description or request hash.
 */
export const AUDITED_RECORD_ATTRIBUTES = [
  'transaction_id',
  'from_user_id',
  'to_user_id',
  'amount',
  'transaction_type',
  'reference_id',
  'initiated_by',
  'timestamp',
] as const;

async function scanTable<T>(ctx: LedgerContext, tableName: string): Promise<T[]> {
  const items: T[] = [];
  await forEachScanPage<T>(ctx, tableName, (page) => {
    items.push(...page);
  });
  return items;
}

export async function scanCapabilityRecords(ctx: LedgerContext): Promise<TransactionRecord[]> {
  const records: TransactionRecord[] = [];
  await forEachScanPage<TransactionRecord>(
    ctx,
    ctx.tables.transactions,
    (page) => {
      for (const tx of page) if (keepsForCapabilities(tx)) records.push(tx);
    },
    { attributes: AUDITED_RECORD_ATTRIBUTES },
  );
  return records;
}

export interface CapabilityPass {
  readonly breaches: string[];
  readonly holds: number;
}

/**
 * Invariants 5, 7-16: purchases, sessions credited once, admin grants and caps, holds against
 * their spend records, subscriptions, referrals, rewards - each compares items of one table with
 * records of another, read by two scans that are no snapshot together.
 */
export async function capabilityPass(
  ctx: LedgerContext,
  records: TransactionRecord[],
): Promise<CapabilityPass> {
  // Parallel scan segments deliver records in any order: sorted, a breach that lists several
  // records names them in the same order in every pass, so that it can recur verbatim.
  records.sort((a, b) => (a.transaction_id < b.transaction_id ? -1 : 1));
  const [purchases, adminItems, holds, subscriptionItems, referrals, rewardCounters] =
    await Promise.all([
      scanTable<PurchaseItem>(ctx, ctx.tables.purchases),
      scanTable<Record<string, unknown>>(ctx, ctx.tables.admin),
      scanTable<HoldItem>(ctx, ctx.tables.holds),
      scanTable<SubscriptionsTableItem>(ctx, ctx.tables.subscriptions),
      scanTable<Record<string, unknown>>(ctx, ctx.tables.referrals),
      scanTable<RewardCounterItem>(ctx, ctx.tables.rewardCounters),
    ]);
  const breaches: string[] = [];
  const purchasesBySession = new Map<string, string[]>();
  for (const tx of records) {
    if (tx.transaction_type !== 'purchase' || !tx.reference_id) continue;
    purchasesBySession.set(tx.reference_id, [
      ...(purchasesBySession.get(tx.reference_id) ?? []),
      tx.transaction_id,
    ]);
  }
  for (const [session, ids] of purchasesBySession) {
    if (ids.length > 1)
      breaches.push(`checkout session ${session} credited ${ids.length} times: ${ids.join(', ')}`);
  }
  breaches.push(...purchaseBreaches(purchases, records));
  breaches.push(...auditAdminItems(adminItems, records));
  // The wallet side of the holds (held = its held holds) is checked per wallet, on re-reads.
  breaches.push(...auditHolds([], holds, records));
  breaches.push(...subscriptionBreaches(subscriptionItems, records));
  breaches.push(...referralBreaches(records, referrals, referralSettings().maxPerReferrer));
  breaches.push(...rewardBreaches(records, rewardCounters));
  return { breaches, holds: holds.length };
}

/**
 * Reports only the capability breaches that recur VERBATIM in `passes` consecutive passes, each
 * re-reading every table after a wait.
 *
 * Why a breach reported here is not an artefact of reading mid-operation: an operation writes its
 * record and its items (purchase, grant, counter, hold, invoice, profile) in ONE transaction, and
 * each scan reads committed items. A half-read (the record seen but not its item, or the reverse)
 * needs that transaction to commit between the two scans of a pass; in the next pass both scans
 * see it, so that disagreement is gone - or, if another operation on the same item is again
 * half-read, the item or the records it is compared with have changed, and every breach message
 * carries the values it compared (counts, amounts, statuses, ids), so it is a different message.
 * Only a disagreement between items that stayed the same across the passes survives them.
 * (Residual: a counter that goes up and back down between passes - a referral bonus and its
 * reversal - and is half-read the same way twice.)
 */
export async function confirmedCapabilityBreaches(
  ctx: LedgerContext,
  first: CapabilityPass,
  options: { readonly passes: number; readonly delayMs: number },
): Promise<CapabilityPass> {
  let confirmed = first.breaches;
  for (let pass = 1; pass < options.passes && confirmed.length > 0; pass += 1) {
    await sleep(options.delayMs);
    const again = await capabilityPass(ctx, await scanCapabilityRecords(ctx));
    const seen = new Set(again.breaches);
    confirmed = confirmed.filter((breach) => seen.has(breach));
  }
  return { breaches: confirmed, holds: first.holds };
}
