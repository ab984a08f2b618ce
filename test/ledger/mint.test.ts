import {
  IdempotencyKeyReusedError,
  InvalidAmountError,
  SupplyExhaustedError,
  SystemWalletError,
  UserNotFoundError,
  ValidationError,
} from '#shared/errors';
import { MAX_AMOUNT, SYSTEM_USER_ID } from '#shared/ledger/rules';
import {
  createTestLedger,
  expectLedgerInvariants,
  fundedUsers,
  type TestLedger,
} from '#test/support/ledger-fixture';

const TOTAL = 1_000;

describe('mint', () => {
  let t: TestLedger;

  /** Everything a mint may touch, to prove that a rejected one touched nothing. */
  async function snapshot() {
    return {
      supply: await t.ledger.getSupply(),
      daswosAi: await t.ledger.getBalance(SYSTEM_USER_ID),
      alice: await t.ledger.getBalance('alice'),
      transactions: (await t.audit()).transactions,
    };
  }

  beforeEach(async () => {
    t = await createTestLedger({ totalAmount: TOTAL });
    await fundedUsers(t, { alice: 0, bob: 0 });
  });

  afterEach(async () => {
    await expectLedgerInvariants(t);
    await t.destroy();
  });

  it('gives away coins: credits the user, debits DASWOS AI and counts them as minted', async () => {
    const result = await t.ledger.mint({
      to: 'alice',
      amount: 250,
      type: 'giveaway',
      initiatedBy: 'admin-1',
      description: 'welcome bonus',
      idempotency: { owner: 'admin-1', key: 'welcome-alice' },
    });

    expect(result.replayed).toBe(false);
    expect(result.transaction).toMatchObject({
      fromUserId: SYSTEM_USER_ID,
      toUserId: 'alice',
      amount: 250,
      transactionType: 'giveaway',
      description: 'welcome bonus',
    });
    expect(await t.ledger.getBalance('alice')).toBe(250);
    expect(await t.ledger.getBalance(SYSTEM_USER_ID)).toBe(750);
    expect(await t.ledger.getSupply()).toEqual({
      totalAmount: TOTAL,
      mintedAmount: 250,
      remainingAmount: 750,
    });
  });

  it('sells coins: a purchase credits the user and records its checkout session', async () => {
    const result = await t.ledger.mint({
      to: 'bob',
      amount: 100,
      type: 'purchase',
      referenceId: 'cs_test_a1',
      idempotency: { owner: 'stripe', key: 'cs_test_a1' },
    });

    expect(result.replayed).toBe(false);
    expect(result.transaction).toMatchObject({
      fromUserId: SYSTEM_USER_ID,
      toUserId: 'bob',
      amount: 100,
      transactionType: 'purchase',
      referenceId: 'cs_test_a1',
    });
    expect(await t.ledger.getBalance('bob')).toBe(100);
    expect(await t.ledger.getBalance(SYSTEM_USER_ID)).toBe(900);
    expect((await t.ledger.getSupply()).mintedAmount).toBe(100);
    expect((await t.ledger.listTransactions('bob')).transactions).toEqual([result.transaction]);
  });

  it('rejects a mint beyond the remaining supply and changes nothing', async () => {
    await t.ledger.mint({ to: 'alice', amount: 600, type: 'giveaway' });
    const before = await snapshot();

    await expect(
      t.ledger.mint({ to: 'bob', amount: 401, type: 'giveaway' }),
    ).rejects.toBeInstanceOf(SupplyExhaustedError);

    expect(await snapshot()).toEqual(before);
    expect(await t.ledger.getBalance('bob')).toBe(0);
  });

  it('mints exactly the remaining supply, then refuses the next coin', async () => {
    await t.ledger.mint({ to: 'alice', amount: 999, type: 'giveaway' });

    await t.ledger.mint({ to: 'bob', amount: 1, type: 'giveaway' });
    const exhausted = await snapshot();

    expect(exhausted.supply).toEqual({
      totalAmount: TOTAL,
      mintedAmount: TOTAL,
      remainingAmount: 0,
    });
    expect(exhausted.daswosAi).toBe(0);
    await expect(
      t.ledger.mint({ to: 'bob', amount: 1, type: 'purchase', referenceId: 'cs_test_late' }),
    ).rejects.toBeInstanceOf(SupplyExhaustedError);
    expect(await snapshot()).toEqual(exhausted);
  });

  it('lets exactly the covered number of concurrent mints succeed', async () => {
    // 1,000 coins: 40 concurrent giveaways of 30 can only cover 33 of them.
    const outcomes = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) =>
        t.ledger.mint({ to: i % 2 === 0 ? 'alice' : 'bob', amount: 30, type: 'giveaway' }),
      ),
    );

    const rejected = outcomes.filter((outcome) => outcome.status === 'rejected');
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(33);
    expect(rejected.every((outcome) => outcome.reason instanceof SupplyExhaustedError)).toBe(true);
    expect(await t.ledger.getSupply()).toEqual({
      totalAmount: TOTAL,
      mintedAmount: 990,
      remainingAmount: 10,
    });
  });

  it('credits a checkout session once when 20 copies of its fulfilment run concurrently', async () => {
    const request = {
      to: 'alice',
      amount: 500,
      type: 'purchase' as const,
      referenceId: 'cs_test_b1a2c3',
      idempotency: { owner: 'stripe', key: 'cs_test_b1a2c3' },
    };

    const results = await Promise.all(Array.from({ length: 20 }, () => t.ledger.mint(request)));

    expect(results.filter((result) => !result.replayed)).toHaveLength(1);
    const original = results.find((result) => !result.replayed)?.transaction;
    for (const result of results) expect(result.transaction).toEqual(original);
    expect(await t.ledger.getBalance('alice')).toBe(500);
    expect((await t.ledger.getSupply()).mintedAmount).toBe(500);
    expect((await t.ledger.listTransactions('alice')).transactions).toHaveLength(1);
  });

  it('replays a purchase even after the supply it took has run out', async () => {
    const request = {
      to: 'alice',
      amount: TOTAL,
      type: 'purchase' as const,
      referenceId: 'cs_test_all',
      idempotency: { owner: 'stripe', key: 'cs_test_all' },
    };
    const first = await t.ledger.mint(request);

    // The replay's debit condition fails too (DASWOS AI holds 0): the duplicate must win.
    const again = await t.ledger.mint(request);

    expect(again.replayed).toBe(true);
    expect(again.transaction).toEqual(first.transaction);
    expect(await t.ledger.getBalance('alice')).toBe(TOTAL);
  });

  it('rejects the same checkout session with a different amount, and changes nothing', async () => {
    const idempotency = { owner: 'stripe', key: 'cs_test_c9' };
    await t.ledger.mint({
      to: 'alice',
      amount: 100,
      type: 'purchase',
      referenceId: 'cs_test_c9',
      idempotency,
    });
    const before = await snapshot();

    await expect(
      t.ledger.mint({
        to: 'alice',
        amount: 200,
        type: 'purchase',
        referenceId: 'cs_test_c9',
        idempotency,
      }),
    ).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
    await expect(
      t.ledger.mint({
        to: 'bob',
        amount: 100,
        type: 'purchase',
        referenceId: 'cs_test_c9',
        idempotency,
      }),
    ).rejects.toBeInstanceOf(IdempotencyKeyReusedError);

    expect(await snapshot()).toEqual(before);
    expect(await t.ledger.getBalance('bob')).toBe(0);
  });

  it('scopes giveaway keys to the admin who gives', async () => {
    const gift = { to: 'alice', amount: 50, type: 'giveaway' as const };
    const first = await t.ledger.mint({
      ...gift,
      initiatedBy: 'admin-1',
      idempotency: { owner: 'admin-1', key: 'spring-promo' },
    });

    const otherAdmin = await t.ledger.mint({
      ...gift,
      initiatedBy: 'admin-2',
      idempotency: { owner: 'admin-2', key: 'spring-promo' },
    });
    const sameAdmin = await t.ledger.mint({
      ...gift,
      initiatedBy: 'admin-1',
      idempotency: { owner: 'admin-1', key: 'spring-promo' },
    });

    expect(otherAdmin.replayed).toBe(false);
    expect(otherAdmin.transaction.transactionId).not.toBe(first.transaction.transactionId);
    expect(sameAdmin.replayed).toBe(true);
    expect(sameAdmin.transaction.transactionId).toBe(first.transaction.transactionId);
    expect(await t.ledger.getBalance('alice')).toBe(100);
  });

  it('does not confuse a giveaway key with a checkout session of the same name', async () => {
    await t.ledger.mint({
      to: 'alice',
      amount: 10,
      type: 'purchase',
      referenceId: 'same',
      idempotency: { owner: 'stripe', key: 'same' },
    });

    const gift = await t.ledger.mint({
      to: 'alice',
      amount: 10,
      type: 'giveaway',
      idempotency: { owner: 'stripe', key: 'same' },
    });

    expect(gift.replayed).toBe(false);
    expect(await t.ledger.getBalance('alice')).toBe(20);
  });

  it('mints a fresh transaction each time when no key is given', async () => {
    const gift = { to: 'alice', amount: 10, type: 'giveaway' as const };

    const first = await t.ledger.mint(gift);
    const second = await t.ledger.mint(gift);

    expect(second.replayed).toBe(false);
    expect(second.transaction.transactionId).not.toBe(first.transaction.transactionId);
    expect(await t.ledger.getBalance('alice')).toBe(20);
  });

  it('rejects a mint to an unknown user, and changes nothing', async () => {
    const before = await snapshot();

    await expect(t.ledger.mint({ to: 'ghost', amount: 5, type: 'giveaway' })).rejects.toEqual(
      new UserNotFoundError('ghost'),
    );

    expect(await snapshot()).toEqual(before);
    await expect(t.ledger.getBalance('ghost')).rejects.toBeInstanceOf(UserNotFoundError);
  });

  it('rejects a mint to the DASWOS AI wallet itself', async () => {
    const before = await snapshot();

    await expect(
      t.ledger.mint({ to: SYSTEM_USER_ID, amount: 5, type: 'giveaway' }),
    ).rejects.toBeInstanceOf(SystemWalletError);

    expect(await snapshot()).toEqual(before);
  });

  it.each([0, -5, 1.5, Number.NaN, Number.POSITIVE_INFINITY, MAX_AMOUNT + 1, 2 ** 53])(
    'rejects the amount %p, and changes nothing',
    async (amount) => {
      const before = await snapshot();

      await expect(
        t.ledger.mint({ to: 'alice', amount, type: 'purchase', referenceId: 'cs_test_bad' }),
      ).rejects.toBeInstanceOf(InvalidAmountError);

      expect(await snapshot()).toEqual(before);
    },
  );

  it('rejects an amount that is not a number at all', async () => {
    await expect(
      t.ledger.mint({ to: 'alice', amount: '5' as unknown as number, type: 'giveaway' }),
    ).rejects.toBeInstanceOf(InvalidAmountError);

    expect(await t.ledger.getBalance('alice')).toBe(0);
  });

  it('rejects an invalid recipient id, an empty key and a description over 500 characters', async () => {
    await expect(t.ledger.mint({ to: 'a b', amount: 5, type: 'giveaway' })).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(
      t.ledger.mint({
        to: 'alice',
        amount: 5,
        type: 'giveaway',
        idempotency: { owner: 'a', key: '' },
      }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      t.ledger.mint({ to: 'alice', amount: 5, type: 'giveaway', description: 'x'.repeat(501) }),
    ).rejects.toBeInstanceOf(ValidationError);

    expect(await t.ledger.getBalance('alice')).toBe(0);
  });
});
