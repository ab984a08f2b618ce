import { RewardLimitReachedError } from '#shared/rewards/errors';
import { createRewards } from '#shared/rewards/rewards';
import { catalogueOfRules } from '#shared/rewards/rules';
import type { ServiceClient } from '#shared/services/service-clients';
import { firstCalls, injectFaults, TRANSACT_WRITE } from '#test/support/faults';
import { createTestLedger, type TestLedger } from '#test/support/ledger-fixture';

const REWARDS: ServiceClient = {
  clientId: 'rewards',
  name: 'DasWos Rewards',
  scopes: ['daswos-coins/reward'],
  maxAmount: 1_000,
};

describe('reward limits (on DynamoDB Local, with the ledger’s clock)', () => {
  let t: TestLedger;
  let clock = new Date('2026-11-30T23:59:59.000Z');

  beforeAll(async () => {
    t = await createTestLedger({ totalAmount: 10_000, now: () => clock });
    await t.ledger.createWallet('alice');
  });

  afterEach(async () => {
    expect((await t.audit()).breaches).toEqual([]);
  });

  afterAll(async () => {
    await t.destroy();
  });

  const rewards = () =>
    createRewards(
      t.ledger.context,
      catalogueOfRules([
        { action: 'daily-login', coins: 5, dailyLimit: 1 },
        { action: 'streak', coins: 7, dailyLimit: 2, lifetimeLimit: 3 },
        { action: 'big-deal', coins: 5_000 },
      ]),
    );
  const grant = (action: string, occurrenceId: string) =>
    rewards().grant({ client: REWARDS, userId: 'alice', action, occurrenceId });

  it('resets the daily limit at midnight UTC', async () => {
    clock = new Date('2026-11-30T23:59:59.000Z');
    await grant('daily-login', 'login-30');
    await expect(grant('daily-login', 'login-30b')).rejects.toBeInstanceOf(RewardLimitReachedError);

    clock = new Date('2026-12-01T00:00:00.000Z');
    const nextDay = await grant('daily-login', 'login-31');

    expect(nextDay.replayed).toBe(false);
    expect(await t.ledger.getBalance('alice')).toBe(10);
  });

  it('holds the lifetime limit across days, whichever limit is met first', async () => {
    clock = new Date('2026-12-02T10:00:00.000Z');
    await grant('streak', 's1');
    await grant('streak', 's2');
    await expect(grant('streak', 's3')).rejects.toThrow(/daily limit/);
    clock = new Date('2026-12-03T10:00:00.000Z');
    await grant('streak', 's3');

    await expect(grant('streak', 's4')).rejects.toThrow(/lifetime limit/);
  });

  it('refuses a rule worth more than the calling service may pay at once, paying nothing', async () => {
    const before = await t.ledger.getBalance('alice');

    await expect(grant('big-deal', 'deal-1')).rejects.toMatchObject({ code: 'FORBIDDEN' });

    expect(await t.ledger.getBalance('alice')).toBe(before);
  });

  it('does not count a refused reward against the limit', async () => {
    clock = new Date('2026-12-04T08:00:00.000Z');
    await t.ledger.createWallet('bob');
    const grantBob = (occurrenceId: string) =>
      rewards().grant({ client: REWARDS, userId: 'bob', action: 'daily-login', occurrenceId });
    // Taken by alice already: refused as a reused key, inside the same transaction as the counter.
    await grant('daily-login', 'shared-occurrence');
    await expect(grantBob('shared-occurrence')).rejects.toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
    });

    const first = await grantBob('bob-login');

    expect(first.replayed).toBe(false);
  });

  it('refuses a reward the remaining supply does not cover, and counts nothing against the limit', async () => {
    const small = await createTestLedger({ totalAmount: 12, now: () => clock });
    try {
      await small.ledger.createWallet('alice');
      const catalogue = catalogueOfRules([{ action: 'review-written', coins: 5, dailyLimit: 3 }]);
      const grantSmall = (occurrenceId: string) =>
        createRewards(small.ledger.context, catalogue).grant({
          client: REWARDS,
          userId: 'alice',
          action: 'review-written',
          occurrenceId,
        });
      await grantSmall('r1');
      await grantSmall('r2');

      await expect(grantSmall('r3')).rejects.toMatchObject({ code: 'SUPPLY_EXHAUSTED' });

      // Only the two paid rewards are counted: the audit compares the counter with the ledger.
      expect((await small.audit()).breaches).toEqual([]);
      expect(await small.ledger.getBalance('alice')).toBe(10);
    } finally {
      await small.destroy();
    }
  });

  it('counts a reward once when its committed write is retried after a lost answer', async () => {
    const lossy = await createTestLedger({
      totalAmount: 1_000,
      now: () => clock,
      instrument: (db) => injectFaults(db, firstCalls(TRANSACT_WRITE, 'lost-response', 1)),
    });
    try {
      await lossy.ledger.createWallet('alice');
      const catalogue = catalogueOfRules([{ action: 'daily-login', coins: 5, dailyLimit: 1 }]);
      const grantLossy = (occurrenceId: string) =>
        createRewards(lossy.ledger.context, catalogue).grant({
          client: REWARDS,
          userId: 'alice',
          action: 'daily-login',
          occurrenceId,
        });

      // The first attempt commits, its answer is lost; the retry finds the record: a replay.
      const result = await grantLossy('login-1');

      expect(result.replayed).toBe(true);
      expect(await lossy.ledger.getBalance('alice')).toBe(5);
      expect((await lossy.audit()).breaches).toEqual([]);
    } finally {
      await lossy.destroy();
    }
  });
});
