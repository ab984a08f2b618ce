import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { referralBreaches } from '#shared/audit/audit-referrals';
import type { TransactionRecord } from '#shared/ledger/transaction';
import { rewardTransactionId } from '#shared/rewards/reward-id';
import { createRewards } from '#shared/rewards/rewards';
import { catalogueOfRules } from '#shared/rewards/rules';
import type { ServiceClient } from '#shared/services/service-clients';
import { createTestLedger, type TestLedger } from '#test/support/ledger-fixture';

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

describe('the audit of rewards (on DynamoDB Local)', () => {
  const REWARDS: ServiceClient = {
    clientId: 'rewards',
    name: 'DasWos Rewards',
    scopes: ['daswos-coins/reward'],
    maxAmount: 1_000,
  };
  let t: TestLedger;

  beforeEach(async () => {
    t = await createTestLedger({ totalAmount: 10_000, reserveShards: 2 });
    await t.ledger.createWallet('alice');
    const rewards = createRewards(
      t.ledger.context,
      catalogueOfRules([{ action: 'listing-created', coins: 10, dailyLimit: 5, lifetimeLimit: 9 }]),
    );
    for (const occurrenceId of ['a', 'b'])
      await rewards.grant({
        client: REWARDS,
        userId: 'alice',
        action: 'listing-created',
        occurrenceId,
      });
  });

  afterEach(async () => {
    await t.destroy();
  });

  const day = new Date().toISOString().slice(0, 10);

  it('passes when every counter equals the rewards it counts', async () => {
    expect((await t.audit()).breaches).toEqual([]);
  });

  it('names a counter that disagrees with the ledger', async () => {
    await t.db.send(
      new UpdateCommand({
        TableName: t.tables.rewardCounters,
        Key: { id: `alice#listing-created#day#${day}` },
        UpdateExpression: 'SET #count = :one',
        ExpressionAttributeNames: { '#count': 'count' },
        ExpressionAttributeValues: { ':one': 1 },
      }),
    );

    expect((await t.audit()).breaches).toEqual([
      `reward counter alice#listing-created#day#${day}: 1, the ledger has 2`,
    ]);
  });

  it('names an occurrence rewarded twice', async () => {
    const own = rewardTransactionId('listing-created', 'a');
    const first = (
      await t.db.send(
        new GetCommand({ TableName: t.tables.transactions, Key: { transaction_id: own } }),
      )
    ).Item as TransactionRecord;
    // The same occurrence paid again under another id, with its balance changes.
    const again = {
      ...first,
      transaction_id: 'reward_again',
      history_key: `${first.timestamp}#reward_again`,
    };
    await t.db.send(new PutCommand({ TableName: t.tables.transactions, Item: again }));
    await addTo(t, first.from_user_id, -first.amount);
    await addTo(t, 'alice', first.amount);

    // Paid twice, and so counted once less than the ledger pays, by both counters.
    expect([...(await t.audit()).breaches].sort()).toEqual([
      `reward counter alice#listing-created#day#${day}: 2, the ledger has 3`,
      'reward counter alice#listing-created#lifetime: 2, the ledger has 3',
      `reward listing-created/a paid 2 times: ${[own, 'reward_again'].sort().join(', ')}`,
    ]);
  });
});

async function addTo(t: TestLedger, userId: string, amount: number): Promise<void> {
  await t.db.send(
    new UpdateCommand({
      TableName: t.tables.wallets,
      Key: { user_id: userId },
      UpdateExpression: 'SET balance = balance + :amount',
      ExpressionAttributeValues: { ':amount': amount },
    }),
  );
}

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
