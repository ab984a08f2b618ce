import { auditBatches } from '#shared/audit/audit-batches';
import type { GiveCapItem } from '#shared/grants/daily-cap';
import { GIVE_CAP_KIND, utcDay } from '#shared/grants/daily-cap';
import type { GrantItem } from '#shared/grants/grant-items';
import type { TransactionRecord } from '#shared/ledger/transaction';

interface ActionItem {
  readonly kind: 'admin_action';
  readonly action_id: string;
  readonly action: string;
  readonly transaction_id?: string;
}

/**
 * The admin table's items against the ledger:
 *  7. an approved grant has exactly one giveaway, its own (id, recipient, amount); a grant that
 *     is not approved has none; every grant giveaway belongs to an approved grant;
 *  8. an admin's daily giveaway counter equals the giveaways that admin initiated that UTC day,
 *     outside batches, plus what their batches approved that day reserved and did not release
 *     (days without a counter are not checked: gives from before the counters existed);
 *     batch grants against their batches: audit-batches.ts;
 *  9. every logged give or approval names a transaction that exists.
 */
export function auditAdminItems(
  items: readonly Record<string, unknown>[],
  transactions: readonly TransactionRecord[],
): string[] {
  const breaches: string[] = [];
  const byId = new Map(transactions.map((tx) => [tx.transaction_id, tx]));
  const giveaways = transactions.filter((tx) => tx.transaction_type === 'giveaway');
  const grantGiveaways = new Map<string, TransactionRecord[]>();
  for (const tx of giveaways) {
    if (!tx.reference_id?.startsWith('grant_')) continue;
    grantGiveaways.set(tx.reference_id, [...(grantGiveaways.get(tx.reference_id) ?? []), tx]);
  }

  const grants = items.filter((item) => item.kind === 'grant') as unknown as GrantItem[];
  const grantIds = new Set<string>();
  for (const grant of grants) {
    grantIds.add(grant.grant_id);
    const minted = grantGiveaways.get(grant.grant_id) ?? [];
    if (grant.status !== 'approved') {
      if (minted.length > 0)
        breaches.push(
          `grant ${grant.grant_id}: ${grant.status} but has ${minted.length} giveaway(s)`,
        );
      continue;
    }
    const [giveaway, ...extra] = minted;
    if (!giveaway || extra.length > 0) {
      breaches.push(`grant ${grant.grant_id}: approved with ${minted.length} giveaways, not 1`);
    } else if (
      giveaway.transaction_id !== grant.transaction_id ||
      giveaway.amount !== grant.amount ||
      giveaway.to_user_id !== grant.user_id
    ) {
      breaches.push(
        `grant ${grant.grant_id}: giveaway ${giveaway.transaction_id} (${giveaway.amount} to ${giveaway.to_user_id}) does not match it`,
      );
    }
  }
  for (const grantId of grantGiveaways.keys()) {
    if (!grantIds.has(grantId)) breaches.push(`giveaway for unknown grant ${grantId}`);
  }

  // Batches reserve their whole total on the day they are approved, and give it back grant by
  // grant as grants are released: their part of a counter is what audit-batches.ts says.
  const batches = auditBatches(items, giveaways);
  breaches.push(...batches.breaches);
  const givenByAdminDay = new Map(batches.reserved);
  for (const tx of giveaways) {
    if (!tx.initiated_by || tx.reference_id?.startsWith('batch_')) continue;
    const key = `${tx.initiated_by}#${utcDay(new Date(tx.timestamp))}`;
    givenByAdminDay.set(key, (givenByAdminDay.get(key) ?? 0) + tx.amount);
  }
  const counters = items.filter((item) => item.kind === GIVE_CAP_KIND) as unknown as GiveCapItem[];
  for (const counter of counters) {
    const given = givenByAdminDay.get(`${counter.admin_id}#${counter.day}`) ?? 0;
    if (given !== counter.given) {
      breaches.push(
        `give cap ${counter.admin_id} ${counter.day}: counter ${counter.given}, giveaways ${given}`,
      );
    }
  }

  const actions = items.filter((item) => item.kind === 'admin_action') as unknown as ActionItem[];
  for (const action of actions) {
    if (action.transaction_id !== undefined && !byId.has(action.transaction_id)) {
      breaches.push(
        `admin action ${action.action_id} (${action.action}): transaction ${action.transaction_id} does not exist`,
      );
    }
  }
  return breaches;
}
