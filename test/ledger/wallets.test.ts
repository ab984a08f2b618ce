import { SystemWalletError, UserNotFoundError, ValidationError } from '#shared/errors';
import { SYSTEM_USER_ID } from '#shared/ledger/rules';
import {
  createTestLedger,
  expectLedgerInvariants,
  fundedUsers,
  type TestLedger,
} from '#test/support/ledger-fixture';

const TOTAL = 10_000;

const INVALID_USER_IDS: [string, string][] = [
  ['empty', ''],
  ['with a space', 'a b'],
  ['of 129 characters', 'x'.repeat(129)],
  ['with the history-key separator #', 'a#b'],
  ['with a slash', 'a/b'],
  ['with a non-ASCII letter', 'ü'],
  ['with a tab', 'tab\there'],
];

describe('wallets', () => {
  let t: TestLedger;

  beforeEach(async () => {
    t = await createTestLedger({ totalAmount: TOTAL });
  });

  afterEach(async () => {
    await expectLedgerInvariants(t);
    await t.destroy();
  });

  describe('seed', () => {
    it('puts the whole supply in the DASWOS AI wallet, none of it minted', async () => {
      expect(await t.ledger.getSupply()).toEqual({
        totalAmount: TOTAL,
        mintedAmount: 0,
        remainingAmount: TOTAL,
      });
      expect(await t.ledger.getBalance(SYSTEM_USER_ID)).toBe(TOTAL);
    });

    it('is idempotent: seeding a seeded ledger changes neither supply nor balances', async () => {
      await fundedUsers(t, { alice: 1_500 });
      const supply = await t.ledger.getSupply();

      await t.ledger.seed(TOTAL);
      await t.ledger.seed(TOTAL);

      expect(await t.ledger.getSupply()).toEqual(supply);
      expect(supply.mintedAmount).toBe(1_500);
      expect(await t.ledger.getBalance(SYSTEM_USER_ID)).toBe(TOTAL - 1_500);
      expect(await t.ledger.getBalance('alice')).toBe(1_500);
    });

    it('ignores a different total on a seeded ledger: the supply is fixed', async () => {
      await t.ledger.seed(TOTAL * 2);

      expect((await t.ledger.getSupply()).totalAmount).toBe(TOTAL);
      expect(await t.ledger.getBalance(SYSTEM_USER_ID)).toBe(TOTAL);
    });
  });

  describe('createWallet', () => {
    it('creates a wallet at zero, then finds it: created true, then false', async () => {
      const first = await t.ledger.createWallet('alice');
      const second = await t.ledger.createWallet('alice');

      expect(first).toEqual({ userId: 'alice', balance: 0, held: 0, created: true });
      expect(second).toEqual({ userId: 'alice', balance: 0, held: 0, created: false });
    });

    it('keeps the balance of an existing wallet that already has coins', async () => {
      await fundedUsers(t, { alice: 250 });

      const again = await t.ledger.createWallet('alice');

      expect(again).toEqual({ userId: 'alice', balance: 250, held: 0, created: false });
      expect(await t.ledger.getBalance('alice')).toBe(250);
    });

    it('creates one wallet when 10 sign-ups for the same user race', async () => {
      const results = await Promise.all(
        Array.from({ length: 10 }, () => t.ledger.createWallet('racer')),
      );

      expect(results.filter((result) => result.created)).toHaveLength(1);
      expect(results.every((result) => result.balance === 0)).toBe(true);
    });

    it('accepts the longest valid id (128 characters) and the characters of e-mails and UUIDs', async () => {
      for (const userId of ['x'.repeat(128), 'first.last+tag@example.com', 'us-east-1:3f9b']) {
        expect(await t.ledger.createWallet(userId)).toMatchObject({ userId, created: true });
      }
    });

    it('refuses to create the DASWOS AI wallet, and leaves it as it is', async () => {
      await expect(t.ledger.createWallet(SYSTEM_USER_ID)).rejects.toBeInstanceOf(SystemWalletError);

      expect(await t.ledger.getBalance(SYSTEM_USER_ID)).toBe(TOTAL);
    });

    it.each(INVALID_USER_IDS)('rejects a user id %s', async (_, userId) => {
      await expect(t.ledger.createWallet(userId)).rejects.toBeInstanceOf(ValidationError);

      expect((await t.audit()).wallets).toBe(1);
    });
  });

  describe('getBalance', () => {
    it('reads the balance of a wallet', async () => {
      await fundedUsers(t, { alice: 42, bob: 0 });

      expect(await t.ledger.getBalance('alice')).toBe(42);
      expect(await t.ledger.getBalance('bob')).toBe(0);
    });

    it('rejects a user without a wallet with UserNotFoundError', async () => {
      await expect(t.ledger.getBalance('ghost')).rejects.toEqual(new UserNotFoundError('ghost'));
    });

    it.each(INVALID_USER_IDS)('rejects a user id %s', async (_, userId) => {
      await expect(t.ledger.getBalance(userId)).rejects.toBeInstanceOf(ValidationError);
    });
  });

  describe('getSupply', () => {
    it('counts mints as minted and leaves transfers out of it', async () => {
      await fundedUsers(t, { alice: 300, bob: 200 });
      await t.ledger.transfer({ from: 'alice', to: 'bob', amount: 100 });

      const supply = await t.ledger.getSupply();

      expect(supply).toEqual({ totalAmount: TOTAL, mintedAmount: 500, remainingAmount: 9_500 });
      expect(await t.ledger.getBalance(SYSTEM_USER_ID)).toBe(supply.remainingAmount);
      expect((await t.audit()).inCirculation).toBe(supply.mintedAmount);
    });
  });
});
