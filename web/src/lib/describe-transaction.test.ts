import { describe, expect, it } from 'vitest';
import { describeTransaction } from './describe-transaction';

describe('describeTransaction', () => {
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
