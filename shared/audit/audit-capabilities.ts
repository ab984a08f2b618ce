import type { AdminActionItem } from '#shared/admin/actions';
import { adminItemProblems, GiveawayTally } from '#shared/audit/audit-admin';
import { byTransactionId, recordOf } from '#shared/audit/audit-by-key';
import { captureRecordProblems, capturesHold, holdProblems } from '#shared/audit/audit-holds';
import { forEachScanPage, inParallel, sleep } from '#shared/audit/audit-pages';
import { purchaseItemProblems, purchaseRecordProblems } from '#shared/audit/audit-purchases';
import { referralBreaches } from '#shared/audit/audit-referrals';
import { getItem } from '#shared/audit/audit-reserve';
import { rewardCounterProblems, rewardRecordProblems } from '#shared/audit/audit-rewards';
import {
  allowanceRecordProblems,
  subscriptionItemProblems,
} from '#shared/audit/subscription-invariants';
import type { HoldItem } from '#shared/holds/hold';
import type { LedgerContext } from '#shared/ledger/context';
import { purchaseTransactionId } from '#shared/ledger/purchases';
import type { TransactionRecord } from '#shared/ledger/transaction';
import type { PurchaseItem } from '#shared/purchases/purchase';
import { referralSettings } from '#shared/referrals/settings';
import type { RewardCounterItem } from '#shared/rewards/counters';
import type { SubscriptionsTableItem } from '#shared/subscriptions/subscription';

/** The fields of a record the checks by key read. */
export type KeyedRecord = Pick<
  TransactionRecord,
  'transaction_id' | 'transaction_type' | 'reference_id' | 'amount' | 'from_user_id' | 'to_user_id'
>;

/** The records checked by key as they stream past: each reads what it names. */
export const checkedByKey = (tx: KeyedRecord) =>
  tx.transaction_type === 'purchase' ||
  tx.transaction_type === 'subscription' ||
  tx.transaction_type === 'reward' ||
  capturesHold(tx);

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

/** Invariants 5, 7, 11-13 and 16 on one record, reading what it names by key. */
export async function recordProblemsByKey(ctx: LedgerContext, tx: KeyedRecord): Promise<string[]> {
  if (tx.transaction_type === 'purchase') return purchaseRecordProblems(ctx, tx);
  if (tx.transaction_type === 'subscription') return allowanceRecordProblems(ctx, tx);
  if (tx.transaction_type === 'reward') return rewardRecordProblems(ctx, tx);
  const hold = tx.reference_id
    ? await getItem<HoldItem>(ctx, ctx.tables.holds, { hold_id: tx.reference_id })
    : undefined;
  return captureRecordProblems(tx, hold);
}

export interface CapabilityPass {
  readonly breaches: string[];
  readonly holds: number;
}

/**
 * One pass of invariants 5, 7-16: purchases, sessions credited once, admin grants and caps,
 * holds against their spend records, subscriptions, referrals, rewards - each compares items of
 * one table with records of another. Feed it every page of records (`records`), then `finish`.
 * Memory: the giveaways' tally (GiveawayTally) with the admin items other than the log, the
 * referral bonuses with the referral items, and a page per scan segment; the admin log,
 * purchases, holds, subscription items and reward counters are streamed, each checked as it
 * passes or reading what it names by key (a counter counts its rewards).
 */
export class CapabilityAudit {
  /** Referral bonuses and their reversals, joined with the referral profiles. */
  private readonly kept: TransactionRecord[] = [];
  private readonly giveaways = new GiveawayTally();
  private readonly breaches: string[] = [];

  constructor(
    private readonly ctx: LedgerContext,
    private readonly concurrency = 8,
  ) {}

  /**
   * The records joined in memory: giveaways (tallied with the admin table's grants, batches and
   * daily counters: a direct give costs its id, a grant's or batch's its record, GiveawayTally)
   * and referral bonuses (kept, with the referral profiles) — kinds bounded by what admins may
   * give and by one bonus per side per referred user. Every other record is checked as it
   * streams past (purchases, allowances, hold captures and rewards read what they name by key) or
   * not at all here (transfers, direct spends, clawbacks), and never kept.
   */
  async records(page: readonly TransactionRecord[]): Promise<void> {
    for (const tx of page) {
      if (tx.transaction_type === 'giveaway') this.giveaways.add(tx);
      else if (tx.transaction_type === 'referral') this.kept.push(tx);
    }
    await inParallel(page.filter(checkedByKey), this.concurrency, async (tx) => {
      this.breaches.push(...(await recordProblemsByKey(this.ctx, tx)));
    });
  }

  async finish(): Promise<CapabilityPass> {
    const { ctx, kept, breaches, giveaways } = this;
    let holds = 0;
    const streamed = <T>(tableName: string, problemsOf: (item: T) => Promise<string[]>) =>
      forEachScanPage<T>(ctx, tableName, (page) =>
        inParallel(page, this.concurrency, async (item) => {
          breaches.push(...(await problemsOf(item)));
        }),
      );
    // Parallel scan segments deliver records in any order: sorted, a breach that lists several
    // records names them in the same order in every pass, so that it can recur verbatim.
    kept.sort(byTransactionId);
    const [adminItems, referrals, referredPurchases] = await Promise.all([
      adminItemsToJoin(ctx, giveaways),
      scanTable<Record<string, unknown>>(ctx, ctx.tables.referrals),
      purchasesReferredTo(ctx, kept, this.concurrency),
    ]);
    // One streamed table after another: each already has a scan segment's lookups in flight per
    // segment, and together they would put four times as many requests on the table at once.
    await streamed<PurchaseItem>(ctx.tables.purchases, (purchase) =>
      purchaseItemProblems(ctx, purchase),
    );
    await streamed<HoldItem>(ctx.tables.holds, async (hold) => {
      holds += 1;
      const record = hold.transaction_id ? await recordOf(ctx, hold.transaction_id) : undefined;
      return holdProblems(hold, record);
    });
    await streamed<SubscriptionsTableItem>(ctx.tables.subscriptions, (item) =>
      subscriptionItemProblems(ctx, item),
    );
    await streamed<RewardCounterItem>(ctx.tables.rewardCounters, (counter) =>
      rewardCounterProblems(ctx, counter),
    );
    // Gives logged after the records scan went past their records: read by key, so a log entry
    // is compared with the ledger as it stood when the entry was read.
    for (const record of await recordsNamedBy(ctx, adminItems, giveaways, this.concurrency))
      giveaways.add(record);
    breaches.push(...adminItemProblems(adminItems, giveaways));
    breaches.push(
      ...referralBreaches(
        [...referredPurchases, ...kept],
        referrals,
        referralSettings().maxPerReferrer,
      ),
    );
    // Lookups finish in any order, and two records can show the same fault (two allowances of
    // one invoice without its item): one sorted list, each breach once.
    return { breaches: [...new Set(breaches)].sort(), holds };
  }
}

/**
 * The admin table's items the giveaways are joined with: grants, batches, release markers and
 * daily counters in full, and of the log entries (one per give, as many as the giveaways) only
 * those naming a record the scan did not tally — written after it passed, or a breach.
 */
async function adminItemsToJoin(
  ctx: LedgerContext,
  giveaways: GiveawayTally,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  await forEachScanPage<Record<string, unknown>>(ctx, ctx.tables.admin, (page) => {
    for (const item of page) {
      const action = item as Partial<AdminActionItem>;
      const matched =
        action.kind === 'admin_action' &&
        (action.transaction_id === undefined || giveaways.has(action.transaction_id));
      if (!matched) items.push(item);
    }
  });
  return items;
}

/** The records admin items name that the scan did not tally (written after it passed). */
async function recordsNamedBy(
  ctx: LedgerContext,
  adminItems: readonly Record<string, unknown>[],
  giveaways: GiveawayTally,
  concurrency: number,
): Promise<TransactionRecord[]> {
  const named = adminItems
    .map((item) => item.transaction_id)
    .filter((id): id is string => typeof id === 'string' && !giveaways.has(id));
  const found: TransactionRecord[] = [];
  await inParallel([...new Set(named)], concurrency, async (transactionId) => {
    const record = await recordOf(ctx, transactionId);
    if (record) found.push(record);
  });
  return found;
}

/**
 * The purchases the referral bonuses refer to (a bonus is for its referee's first credited
 * purchase), read by key: the transaction a session's crediting writes (purchaseTransactionId).
 */
async function purchasesReferredTo(
  ctx: LedgerContext,
  kept: readonly TransactionRecord[],
  concurrency: number,
): Promise<TransactionRecord[]> {
  const sessions = new Set<string>();
  for (const tx of kept)
    if (tx.transaction_type === 'referral' && tx.reference_id) sessions.add(tx.reference_id);
  const found: TransactionRecord[] = [];
  await inParallel([...sessions], concurrency, async (session) => {
    const record = await recordOf(ctx, purchaseTransactionId(session));
    if (record?.transaction_type === 'purchase' && record.reference_id === session)
      found.push(record);
  });
  return found;
}

/** A whole pass on its own: its own scan of the records, then the items. */
export async function capabilityPass(ctx: LedgerContext): Promise<CapabilityPass> {
  const pass = new CapabilityAudit(ctx);
  await forEachScanPage<TransactionRecord>(
    ctx,
    ctx.tables.transactions,
    (page) => pass.records(page),
    {
      attributes: AUDITED_RECORD_ATTRIBUTES,
    },
  );
  return pass.finish();
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
    const again = await capabilityPass(ctx);
    const seen = new Set(again.breaches);
    confirmed = confirmed.filter((breach) => seen.has(breach));
  }
  return { breaches: confirmed, holds: first.holds };
}
