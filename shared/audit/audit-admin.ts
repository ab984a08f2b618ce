import type { AdminActionItem } from '#shared/admin/actions';
import { auditBatches } from '#shared/audit/audit-batches';
import { byTransactionId } from '#shared/audit/audit-by-key';
import type { GiveCapItem } from '#shared/grants/daily-cap';
import { GIVE_CAP_KIND, utcDay } from '#shared/grants/daily-cap';
import type { GrantItem } from '#shared/grants/grant-items';
import type { TransactionRecord } from '#shared/ledger/transaction';

/**
 * What the audit keeps of the giveaways for the admin table's checks, taken as the records
 * stream past: each one's id (9: a logged give names one), each admin's daily total outside
 * batches (8), and in full only the giveaways that name a grant or a batch (7 and the batches'),
 * which are as many as the grant and batch items they are joined with. A direct give costs an id
 * here, not its record. Records read by key because a log entry names them (written after the
 * scan passed) come in through `add` too: for 9 any record that exists will do.
 */
export class GiveawayTally {
  private readonly ids = new Set<string>();
  private readonly joinedRecords: TransactionRecord[] = [];
  private readonly byAdminDay = new Map<string, number>();

  add(tx: TransactionRecord): void {
    if (this.ids.has(tx.transaction_id)) return;
    this.ids.add(tx.transaction_id);
    if (tx.transaction_type !== 'giveaway') return;
    const reference = tx.reference_id ?? '';
    if (reference.startsWith('grant_') || reference.startsWith('batch_'))
      this.joinedRecords.push(tx);
    if (!tx.initiated_by || reference.startsWith('batch_')) return;
    const key = `${tx.initiated_by}#${utcDay(new Date(tx.timestamp))}`;
    this.byAdminDay.set(key, (this.byAdminDay.get(key) ?? 0) + tx.amount);
  }

  has(transactionId: string): boolean {
    return this.ids.has(transactionId);
  }

  /** The giveaways naming a grant or a batch, by id (scan segments deliver them in any order). */
  joined(): TransactionRecord[] {
    return [...this.joinedRecords].sort(byTransactionId);
  }

  /** Giveaways an admin initiated on a UTC day outside batches (`<admin>#<YYYY-MM-DD>`). */
  givenOn(adminDay: string): number {
    return this.byAdminDay.get(adminDay) ?? 0;
  }
}

export function tallyOf(records: Iterable<TransactionRecord>): GiveawayTally {
  const tally = new GiveawayTally();
  for (const tx of records) tally.add(tx);
  return tally;
}

/** auditAdminItems over a list of records (tests, small ledgers). */
export const auditAdminItems = (
  items: readonly Record<string, unknown>[],
  records: Iterable<TransactionRecord>,
) => adminItemProblems(items, tallyOf(records));

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
export function adminItemProblems(
  items: readonly Record<string, unknown>[],
  tally: GiveawayTally,
): string[] {
  const breaches: string[] = [];
  const joined = tally.joined();
  const grantGiveaways = new Map<string, TransactionRecord[]>();
  for (const tx of joined) {
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
  const batches = auditBatches(items, joined);
  breaches.push(...batches.breaches);
  const counters = items.filter((item) => item.kind === GIVE_CAP_KIND) as unknown as GiveCapItem[];
  for (const counter of counters) {
    const adminDay = `${counter.admin_id}#${counter.day}`;
    const given = tally.givenOn(adminDay) + (batches.reserved.get(adminDay) ?? 0);
    if (given !== counter.given) {
      breaches.push(
        `give cap ${counter.admin_id} ${counter.day}: counter ${counter.given}, giveaways ${given}`,
      );
    }
  }

  const actions = items.filter(
    (item) => item.kind === 'admin_action',
  ) as unknown as AdminActionItem[];
  for (const action of actions) {
    if (action.transaction_id !== undefined && !tally.has(action.transaction_id)) {
      breaches.push(
        `admin action ${action.action_id} (${action.action}): transaction ${action.transaction_id} does not exist`,
      );
    }
  }
  return breaches;
}
