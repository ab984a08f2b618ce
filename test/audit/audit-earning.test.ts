import { referralBreaches } from '#shared/audit/audit-referrals';
import { rewardBreaches } from '#shared/audit/audit-rewards';
import type { TransactionRecord } from '#shared/ledger/transaction';

/** The audit's earning invariants on hand-made ledgers: each breach is named. */
function tx(fields: Partial<TransactionRecord> & { transaction_id: string }): TransactionRecord {
  return {
    from_user_id: '0',
    to_user_id: 'alice',
    amount: 10,
    transaction_type: 'reward',
    timestamp: '2026-11-30T10:00:00.000Z',
    history_key: '',
    request_hash: '',
    ...fields,
  };
}

describe('the audit of rewards', () => {
  const rewards = [
    tx({ transaction_id: 'r1', reference_id: 'listing-created/a' }),
    tx({ transaction_id: 'r2', reference_id: 'listing-created/b' }),
  ];

  it('passes when every counter equals the rewards it counts', () => {
    const counters = [
      { id: 'alice#listing-created#day#2026-11-30', count: 2 },
      { id: 'alice#listing-created#lifetime', count: 2 },
    ];

    expect(rewardBreaches(rewards, counters as never)).toEqual([]);
  });

  it('names a counter that disagrees with the ledger', () => {
    const counters = [{ id: 'alice#listing-created#day#2026-11-30', count: 1 }];

    expect(rewardBreaches(rewards, counters as never)).toEqual([
      'reward counter alice#listing-created#day#2026-11-30: 1, the ledger has 2',
    ]);
  });

  it('names an occurrence rewarded twice', () => {
    const twice = [...rewards, tx({ transaction_id: 'r3', reference_id: 'listing-created/a' })];

    expect(rewardBreaches(twice, [])).toEqual(['reward listing-created/a paid 2 times: r1, r3']);
  });
});

describe('the audit of referrals', () => {
  const purchase = tx({
    transaction_id: 'p1',
    transaction_type: 'purchase',
    to_user_id: 'bob',
    reference_id: 'cs_1',
  });
  const bonus = (id: string, to: string, amount: number) =>
    tx({
      transaction_id: id,
      transaction_type: 'referral',
      to_user_id: to,
      amount,
      reference_id: 'cs_1',
      initiated_by: 'bob',
    });
  const profiles = [
    { id: 'user#bob', referred_by: 'alice', first_purchase_session: 'cs_1' },
    { id: 'user#alice', code: 'ABCDEFGH', rewarded_count: 1, earned_coins: 100 },
  ];

  it('passes for one bonus per side of a referee’s first purchase, counted by the referrer', () => {
    const ledger = [purchase, bonus('b1', 'bob', 50), bonus('b2', 'alice', 100)];

    expect(referralBreaches(ledger, profiles, 50)).toEqual([]);
  });

  it('names a referee paid twice and a referrer whose counters disagree', () => {
    const ledger = [
      purchase,
      bonus('b1', 'bob', 50),
      bonus('b2', 'alice', 100),
      bonus('b3', 'alice', 100),
    ];

    expect(referralBreaches(ledger, profiles, 50)).toEqual([
      'referee bob: 3 referral bonuses (at most one per side)',
      'referrer alice: counted 1 paid referrals, the ledger has 2',
      'referrer alice: earned_coins 100, the ledger gives 200',
    ]);
  });

  it('names a bonus paid to someone who is not the referrer, or for a later purchase', () => {
    const later = { ...profiles[0], first_purchase_session: 'cs_0' };

    expect(
      referralBreaches([purchase, bonus('b1', 'bob', 50)], [later, profiles[1] ?? {}], 50),
    ).toEqual(expect.arrayContaining(["referral b1: not for bob's first purchase"]));
  });
});
