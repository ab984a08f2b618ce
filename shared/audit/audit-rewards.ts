import type { TransactionRecord } from '#shared/ledger/transaction';
import type { RewardCounterItem } from '#shared/rewards/counters';

/**
 * Invariant 10, rewards: each occurrence of an action is rewarded at most once (its reference
 * `<action>/<occurrenceId>` appears on one `reward` only), and every limit counter equals the
 * rewards it counts: a daily counter the user's rewards for that action on that UTC day, a
 * lifetime counter all of them. (A rule without a limit keeps no counter.)
 */
export function rewardBreaches(
  transactions: readonly TransactionRecord[],
  counters: readonly RewardCounterItem[],
): string[] {
  const breaches: string[] = [];
  const byOccurrence = new Map<string, string[]>();
  const counted = new Map<string, number>();
  const add = (key: string) => counted.set(key, (counted.get(key) ?? 0) + 1);
  for (const tx of transactions) {
    if (tx.transaction_type !== 'reward') continue;
    const reference = tx.reference_id ?? '';
    byOccurrence.set(reference, [...(byOccurrence.get(reference) ?? []), tx.transaction_id]);
    const action = reference.split('/')[0] ?? '';
    add(`${tx.to_user_id}#${action}#day#${tx.timestamp.slice(0, 10)}`);
    add(`${tx.to_user_id}#${action}#lifetime`);
  }
  for (const [reference, ids] of byOccurrence) {
    if (ids.length > 1)
      breaches.push(`reward ${reference} paid ${ids.length} times: ${ids.join(', ')}`);
  }
  for (const counter of counters) {
    const expected = counted.get(counter.id) ?? 0;
    if (counter.count !== expected) {
      breaches.push(`reward counter ${counter.id}: ${counter.count}, the ledger has ${expected}`);
    }
  }
  return breaches;
}
