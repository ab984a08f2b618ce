import {
  GIVE_BATCH_KIND,
  type GiveBatchItem,
  RELEASED_GRANT_KIND,
  type ReleasedGrantItem,
} from '#shared/grants/batch-items';
import type { TransactionRecord } from '#shared/ledger/transaction';

export interface BatchAudit {
  readonly breaches: string[];
  /** What approved batches reserved on each `<admin>#<day>` counter, less what they released. */
  readonly reserved: ReadonlyMap<string, number>;
}

/**
 * Batch giveaways (shared/grants/batch-items.ts) against the ledger:
 *  - every giveaway that names a batch is one grant of that batch, which is approved: the same
 *    recipient and amount, initiated by the batch's requester, and at most one per grant;
 *  - every release marker is a grant of an approved batch, with its amount, and that grant has
 *    no giveaway (a grant ends one way: given or released);
 *  - a pending or rejected batch has neither.
 * A batch whose grants are not all settled yet (a run cut short, to be finished by a retry) is
 * not a breach: its reservation is on the counter whole, which is what `reserved` reports for
 * the daily-counter check (audit-admin.ts).
 */
export function auditBatches(
  items: readonly Record<string, unknown>[],
  giveaways: readonly TransactionRecord[],
): BatchAudit {
  const breaches: string[] = [];
  const batches = new Map(
    (items.filter((item) => item.kind === GIVE_BATCH_KIND) as GiveBatchItem[]).map((batch) => [
      batch.batch_id,
      batch,
    ]),
  );
  const grantOf = (batch: GiveBatchItem | undefined, userId: string) =>
    batch?.grants.find((grant) => grant.user_id === userId);

  const given = new Set<string>();
  for (const tx of giveaways) {
    if (!tx.reference_id?.startsWith('batch_')) continue;
    const batch = batches.get(tx.reference_id);
    const grant = grantOf(batch, tx.to_user_id);
    const name = `batch ${tx.reference_id}: giveaway ${tx.transaction_id} (${tx.amount} to ${tx.to_user_id})`;
    if (!batch) breaches.push(`${name}: no such batch`);
    else if (batch.status !== 'approved') breaches.push(`${name}: the batch is ${batch.status}`);
    else if (!grant || grant.amount !== tx.amount) breaches.push(`${name}: not one of its grants`);
    else if (tx.initiated_by !== batch.admin_id)
      breaches.push(`${name}: initiated by ${tx.initiated_by}, not ${batch.admin_id}`);
    const key = `${tx.reference_id}#${tx.to_user_id}`;
    if (given.has(key)) breaches.push(`${name}: a second giveaway for this grant`);
    given.add(key);
  }

  const reserved = new Map<string, number>();
  for (const batch of batches.values()) {
    if (batch.status === 'approved' && batch.day !== undefined) {
      const key = `${batch.admin_id}#${batch.day}`;
      reserved.set(key, (reserved.get(key) ?? 0) + batch.total);
    }
  }
  const releases = items.filter((item) => item.kind === RELEASED_GRANT_KIND) as ReleasedGrantItem[];
  for (const release of releases) {
    const batch = batches.get(release.batch_id);
    const grant = grantOf(batch, release.user_id);
    const name = `batch ${release.batch_id}: release of ${release.amount} to ${release.user_id}`;
    if (batch?.status !== 'approved' || batch.day === undefined) {
      breaches.push(`${name}: the batch is ${batch?.status ?? 'missing'}`);
      continue;
    }
    if (!grant || grant.amount !== release.amount) breaches.push(`${name}: not one of its grants`);
    if (given.has(`${release.batch_id}#${release.user_id}`))
      breaches.push(`${name}: the grant was also given`);
    const key = `${batch.admin_id}#${batch.day}`;
    reserved.set(key, (reserved.get(key) ?? 0) - release.amount);
  }
  return { breaches, reserved };
}
