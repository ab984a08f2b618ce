import { describe, expect, it } from 'vitest';
import type { Transaction } from '../api/api-types';
import { describeTransaction, HISTORY_FILTERS, matchesFilter } from './describe-transaction';

const base = { transactionId: 't', timestamp: '2026-11-30T10:00:00.000Z', amount: 50 };

describe('describeTransaction', () => {
  it('labels a referral bonus received, and one taken back after a refund', () => {
    const paid: Transaction = {
      ...base,
      fromUserId: '0',
      toUserId: 'dave',
      transactionType: 'referral',
    };
    const taken: Transaction = { ...paid, fromUserId: 'dave', toUserId: '0' };

    expect(describeTransaction(paid, 'dave')).toMatchObject({
      type: 'Referral bonus',
      signedAmount: 50,
      counterpart: 'DASWOS AI',
    });
    expect(describeTransaction(taken, 'dave')).toMatchObject({
      type: 'Referral bonus taken back',
      signedAmount: -50,
    });
  });

  it('labels a reward with its action', () => {
    const reward: Transaction = {
      ...base,
      fromUserId: '0',
      toUserId: 'dave',
      transactionType: 'reward',
      description: 'Reward for listing-created',
    };

    expect(describeTransaction(reward, 'dave')).toMatchObject({
      type: 'Reward: listing created',
      description: 'Reward for listing-created',
    });
  });

  it('names a subscription allowance, received from DASWOS AI', () => {
    const row = describeTransaction(
      {
        transactionId: 'subscription_1',
        fromUserId: '0',
        toUserId: 'carol',
        amount: 1000,
        transactionType: 'subscription',
        timestamp: '2026-11-30T12:00:00.000Z',
        referenceId: 'in_1',
        description: 'Monthly allowance of the Basic plan',
      },
      'carol',
    );

    expect(row).toMatchObject({
      type: 'Subscription allowance',
      signedAmount: 1000,
      counterpart: 'DASWOS AI',
      description: 'Monthly allowance of the Basic plan',
    });
  });

  it('gives every type a label in words', () => {
    const row = (transaction: Partial<Transaction>, me = 'dave') =>
      describeTransaction(
        { ...base, fromUserId: '0', toUserId: 'dave', transactionType: 'purchase', ...transaction },
        me,
      );
    expect(row({ description: 'Bought the coins-500 bundle', amount: 500 })).toMatchObject({
      type: 'Purchase',
      description: 'Bought 500 coins',
    });
    expect(row({ transactionType: 'giveaway' }).type).toBe('Gift from DasWos');
    expect(row({ transactionType: 'transfer', fromUserId: 'eve' })).toMatchObject({
      type: 'Transfer in',
      counterpart: 'eve',
    });
    expect(
      row({
        transactionType: 'spend',
        fromUserId: 'dave',
        toUserId: '0',
        feature: 'premium-listing',
      }),
    ).toMatchObject({ type: 'Spent on premium listing', signedAmount: -50 });
    expect(row({ transactionType: 'spend', fromUserId: 'dave', toUserId: '0' }).type).toBe('Spent');
    expect(
      row({
        transactionType: 'refund',
        fromUserId: 'dave',
        toUserId: '0',
        description: 'Refund of purchase cs_1',
      }),
    ).toMatchObject({
      type: 'Payment refunded',
      description: 'Coins taken back: the payment was refunded',
    });
    expect(row({ transactionType: 'dispute', fromUserId: 'dave', toUserId: '0' }).type).toBe(
      'Payment disputed',
    );
    expect(row({ transactionType: 'subscription' }).type).toBe('Subscription allowance');
  });
});

describe('matchesFilter', () => {
  const of = (transactionType: Transaction['transactionType']): Transaction => ({
    ...base,
    fromUserId: '0',
    toUserId: 'dave',
    transactionType,
  });

  it('groups the ledger types the way the history filter offers them', () => {
    expect(matchesFilter(of('spend'), 'all')).toBe(true);
    expect(matchesFilter(of('subscription'), 'bought')).toBe(true);
    expect(matchesFilter(of('transfer'), 'bought')).toBe(false);
    expect(matchesFilter(of('giveaway'), 'earned')).toBe(true);
    expect(matchesFilter(of('dispute'), 'refunds')).toBe(true);
  });

  it('puts every ledger type in some group', () => {
    const types: Transaction['transactionType'][] = [
      'purchase',
      'giveaway',
      'transfer',
      'refund',
      'dispute',
      'referral',
      'reward',
      'spend',
      'subscription',
    ];
    for (const type of types) {
      const groups = HISTORY_FILTERS.filter((f) => f.id !== 'all' && matchesFilter(of(type), f.id));
      expect(groups.map((g) => g.id)).toHaveLength(1);
    }
  });
});
