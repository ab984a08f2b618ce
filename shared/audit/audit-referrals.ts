import type { TransactionRecord } from '#shared/ledger/transaction';
import type { ReferralProfileItem } from '#shared/referrals/profile';
import { isReserveWallet } from '#shared/reserve/reserve-ids';

/**
 * Invariant 8, the referral programme: every referral bonus and reversal is a `referral` posting
 * named after its referee (`initiated_by`);
 *  - a referee is paid at most one bonus as referee and one for their referrer, for a credited
 *    purchase of theirs, and only if their profile says they were referred by that referrer;
 *  - a reversal takes back exactly one earlier bonus, of the same amount, at most once;
 *  - a referrer's profile counts the referred users paid for (never over the cap) and the coins
 *    earned net of reversals, as the postings say.
 */
export function referralBreaches(
  transactions: readonly TransactionRecord[],
  items: readonly Record<string, unknown>[],
  maxPerReferrer: number,
): string[] {
  const breaches: string[] = [];
  const profiles = new Map<string, ReferralProfileItem>();
  for (const item of items) {
    const profile = item as unknown as ReferralProfileItem;
    if (profile.id.startsWith('user#')) profiles.set(profile.id.slice('user#'.length), profile);
  }
  const purchases = new Map(
    transactions
      .filter((tx) => tx.transaction_type === 'purchase' && tx.reference_id)
      .map((tx) => [tx.reference_id, tx]),
  );
  const paidTo = new Map<string, TransactionRecord[]>();
  const reversalsOf = new Map<string, TransactionRecord[]>();
  const earned = new Map<string, { count: number; coins: number }>();
  const referral = transactions.filter((tx) => tx.transaction_type === 'referral');
  for (const tx of referral) {
    const referee = tx.initiated_by;
    if (!referee) {
      breaches.push(`referral ${tx.transaction_id}: names no referee`);
      continue;
    }
    const into = isReserveWallet(tx.to_user_id) ? reversalsOf : paidTo;
    into.set(referee, [...(into.get(referee) ?? []), tx]);
  }
  for (const [referee, bonuses] of paidTo) {
    const profile = profiles.get(referee);
    const referrer = profile?.referred_by;
    const asReferee = bonuses.filter((tx) => tx.to_user_id === referee);
    const asReferrer = bonuses.filter((tx) => tx.to_user_id !== referee);
    if (asReferee.length > 1 || asReferrer.length > 1) {
      breaches.push(
        `referee ${referee}: ${bonuses.length} referral bonuses (at most one per side)`,
      );
    }
    for (const tx of bonuses) {
      const purchase = tx.reference_id ? purchases.get(tx.reference_id) : undefined;
      if (!purchase || purchase.to_user_id !== referee) {
        breaches.push(`referral ${tx.transaction_id}: not for a credited purchase of ${referee}`);
      }
      if (tx.reference_id !== profile?.first_purchase_session) {
        breaches.push(`referral ${tx.transaction_id}: not for ${referee}'s first purchase`);
      }
    }
    for (const tx of asReferrer) {
      if (tx.to_user_id !== referrer) {
        breaches.push(`referral ${tx.transaction_id}: paid to ${tx.to_user_id}, not the referrer`);
      }
      const sum = earned.get(tx.to_user_id) ?? { count: 0, coins: 0 };
      earned.set(tx.to_user_id, { count: sum.count + 1, coins: sum.coins + tx.amount });
    }
  }
  for (const [referee, reversals] of reversalsOf) {
    const bonuses = paidTo.get(referee) ?? [];
    for (const tx of reversals) {
      const matching = bonuses.filter(
        (bonus) => bonus.to_user_id === tx.from_user_id && bonus.amount === tx.amount,
      );
      const again = reversals.filter((other) => other.from_user_id === tx.from_user_id);
      if (matching.length !== 1 || again.length > 1) {
        breaches.push(`referral reversal ${tx.transaction_id}: does not reverse one bonus once`);
      }
      if (tx.from_user_id !== referee) {
        const sum = earned.get(tx.from_user_id) ?? { count: 0, coins: 0 };
        earned.set(tx.from_user_id, { count: sum.count, coins: sum.coins - tx.amount });
      }
    }
  }
  for (const [userId, profile] of profiles) {
    const expected = earned.get(userId) ?? { count: 0, coins: 0 };
    if ((profile.rewarded_count ?? 0) !== expected.count) {
      breaches.push(
        `referrer ${userId}: counted ${profile.rewarded_count ?? 0} paid referrals, the ledger has ${expected.count}`,
      );
    }
    if ((profile.earned_coins ?? 0) !== expected.coins) {
      breaches.push(
        `referrer ${userId}: earned_coins ${profile.earned_coins ?? 0}, the ledger gives ${expected.coins}`,
      );
    }
    if ((profile.rewarded_count ?? 0) > maxPerReferrer) {
      breaches.push(`referrer ${userId}: paid for ${profile.rewarded_count} users, over the cap`);
    }
  }
  for (const userId of earned.keys()) {
    if (!profiles.has(userId)) breaches.push(`referrer ${userId}: paid, but has no profile`);
  }
  return breaches;
}
