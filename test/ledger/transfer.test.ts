import {
  IdempotencyKeyReusedError,
  InsufficientFundsError,
  InvalidAmountError,
  SelfTransferError,
  SystemWalletError,
  UserNotFoundError,
  ValidationError,
} from '#shared/errors';
import { MAX_AMOUNT } from '#shared/ledger/rules';
import {
  createTestLedger,
  expectLedgerInvariants,
  fundedUsers,
  type TestLedger,
} from '#test/support/ledger-fixture';

describe('transfer', () => {
  let t: TestLedger;

  beforeEach(async () => {
    t = await createTestLedger();
    await fundedUsers(t, { alice: 1_000, bob: 0 });
  });

  afterEach(async () => {
    await expectLedgerInvariants(t);
    await t.destroy();
  });

  it('moves the amount from the sender to the recipient and records it', async () => {
    const result = await t.ledger.transfer({
      from: 'alice',
      to: 'bob',
      amount: 300,
      description: 'lunch',
    });

    expect(result.balance).toBe(700);
    expect(result.replayed).toBe(false);
    expect(result.transaction).toMatchObject({
      fromUserId: 'alice',
      toUserId: 'bob',
      amount: 300,
      transactionType: 'transfer',
      description: 'lunch',
    });
    expect(await t.ledger.getBalance('bob')).toBe(300);
  });

  it('lets a sender spend the whole balance, to exactly zero', async () => {
    const result = await t.ledger.transfer({ from: 'alice', to: 'bob', amount: 1_000 });

    expect(result.balance).toBe(0);
  });

  it('rejects when the balance does not cover the amount, and changes nothing', async () => {
    await expect(
      t.ledger.transfer({ from: 'alice', to: 'bob', amount: 1_001 }),
    ).rejects.toBeInstanceOf(InsufficientFundsError);

    expect(await t.ledger.getBalance('alice')).toBe(1_000);
    expect(await t.ledger.getBalance('bob')).toBe(0);
    expect((await t.ledger.listTransactions('bob')).transactions).toEqual([]);
  });

  it('rejects a sender without a wallet as insufficient funds', async () => {
    await expect(t.ledger.transfer({ from: 'ghost', to: 'bob', amount: 1 })).rejects.toBeInstanceOf(
      InsufficientFundsError,
    );
  });

  it('rejects an unknown recipient, and changes nothing', async () => {
    await expect(t.ledger.transfer({ from: 'alice', to: 'nobody', amount: 5 })).rejects.toEqual(
      new UserNotFoundError('nobody'),
    );

    expect(await t.ledger.getBalance('alice')).toBe(1_000);
  });

  it('rejects a transfer to oneself', async () => {
    await expect(
      t.ledger.transfer({ from: 'alice', to: 'alice', amount: 5 }),
    ).rejects.toBeInstanceOf(SelfTransferError);
  });

  it.each([0, -5, 1.5, Number.NaN, Number.POSITIVE_INFINITY, MAX_AMOUNT + 1, 2 ** 53])(
    'rejects the amount %p',
    async (amount) => {
      await expect(t.ledger.transfer({ from: 'alice', to: 'bob', amount })).rejects.toBeInstanceOf(
        InvalidAmountError,
      );

      expect(await t.ledger.getBalance('alice')).toBe(1_000);
    },
  );

  it('keeps the DASWOS AI wallet out of transfers, both ways', async () => {
    await expect(t.ledger.transfer({ from: 'alice', to: '0', amount: 5 })).rejects.toBeInstanceOf(
      SystemWalletError,
    );
    await expect(t.ledger.transfer({ from: '0', to: 'alice', amount: 5 })).rejects.toBeInstanceOf(
      SystemWalletError,
    );
  });

  it('rejects a description over 500 characters', async () => {
    await expect(
      t.ledger.transfer({ from: 'alice', to: 'bob', amount: 5, description: 'x'.repeat(501) }),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it('replays a repeated idempotency key with the original transaction, applying it once', async () => {
    const request = { from: 'alice', to: 'bob', amount: 100, idempotencyKey: 'key-1' };
    const first = await t.ledger.transfer(request);

    const second = await t.ledger.transfer(request);

    expect(second.replayed).toBe(true);
    expect(second.transaction).toEqual(first.transaction);
    expect(await t.ledger.getBalance('bob')).toBe(100);
  });

  it('rejects the same idempotency key with a different request', async () => {
    await t.ledger.transfer({ from: 'alice', to: 'bob', amount: 100, idempotencyKey: 'key-1' });

    await expect(
      t.ledger.transfer({ from: 'alice', to: 'bob', amount: 101, idempotencyKey: 'key-1' }),
    ).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
    expect(await t.ledger.getBalance('bob')).toBe(100);
  });

  it('scopes idempotency keys to the sender', async () => {
    await t.ledger.transfer({
      from: 'alice',
      to: 'bob',
      amount: 100,
      idempotencyKey: 'shared-key',
    });

    const fromBob = await t.ledger.transfer({
      from: 'bob',
      to: 'alice',
      amount: 40,
      idempotencyKey: 'shared-key',
    });

    expect(fromBob.replayed).toBe(false);
    expect(await t.ledger.getBalance('bob')).toBe(60);
  });

  it('lets exactly the covered number of 50 concurrent transfers succeed', async () => {
    // alice holds 1,000: 50 concurrent transfers of 30 can only cover 33 of them.
    const outcomes = await Promise.allSettled(
      Array.from({ length: 50 }, () => t.ledger.transfer({ from: 'alice', to: 'bob', amount: 30 })),
    );

    const succeeded = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    const rejected = outcomes.filter((outcome) => outcome.status === 'rejected');
    expect(succeeded).toHaveLength(33);
    expect(rejected.every((outcome) => outcome.reason instanceof InsufficientFundsError)).toBe(
      true,
    );
    expect(await t.ledger.getBalance('alice')).toBe(10);
    expect(await t.ledger.getBalance('bob')).toBe(990);
  });
});
