import { describe, expect, it } from 'vitest';
import type { Transaction } from '../api/api-types';
import { describeTransaction } from './describe-transaction';

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

  it('labels a reward', () => {
    const reward: Transaction = {
      ...base,
      fromUserId: '0',
      toUserId: 'dave',
      transactionType: 'reward',
      description: 'Reward for listing-created',
    };

    expect(describeTransaction(reward, 'dave')).toMatchObject({
      type: 'Reward',
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
});
