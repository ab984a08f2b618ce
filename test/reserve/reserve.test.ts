import { randomUUID } from 'node:crypto';
import { GetCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { LedgerNotSeededError, SupplyExhaustedError } from '#shared/errors';
import type { LedgerContext } from '#shared/ledger/context';
import { SYSTEM_USER_ID } from '#shared/ledger/rules';
import type { TransactionRecord } from '#shared/ledger/transaction';
import { SUPPLY_ROW_ID } from '#shared/reserve/reserve';
import { isReserveWallet, RESERVE_ROOT_ID } from '#shared/reserve/reserve-ids';
import { UnbalancedLegacyLedgerError } from '#shared/reserve/seed-reserve';
import type { ServiceClient } from '#shared/services/service-clients';
import { spend } from '#shared/spending/spend';
import {
  createTestLedger,
  expectLedgerInvariants,
  fundedUsers,
  type TestLedger,
} from '#test/support/ledger-fixture';
import { layOutLegacyLedger, legacyMint } from '#test/support/legacy-ledger';

jest.setTimeout(60_000);

const BOOST_SERVICE: ServiceClient = {
  clientId: 'boost-service',
  name: 'Boost',
  scopes: ['daswos-coins/spend'],
  maxAmount: 1_000,
};

async function walletItems(t: TestLedger): Promise<Record<string, number>[]> {
  const { Items } = await t.db.send(new ScanCommand({ TableName: t.tables.wallets }));
  return (Items ?? []) as Record<string, number>[];
}

async function shardsOf(t: TestLedger) {
  const items = await walletItems(t);
  return items
    .filter((item) => String(item.user_id).startsWith('0#'))
    .sort((a, b) => String(a.user_id).localeCompare(String(b.user_id)))
    .map((item) => ({ id: String(item.user_id), balance: item.balance, base: item.base_balance }));
}

async function records(t: TestLedger): Promise<TransactionRecord[]> {
  const { Items } = await t.db.send(new ScanCommand({ TableName: t.tables.transactions }));
  return (Items ?? []) as TransactionRecord[];
}

const mintTo = (t: TestLedger, to: string, amount: number) =>
  t.ledger.mint({ to, amount, type: 'giveaway', description: 'reserve test' });

/** Settles every promise; counts the fulfilled and the rejections by error class. */
async function outcomes(promises: Promise<unknown>[]) {
  const settled = await Promise.allSettled(promises);
  const failures = settled.flatMap((result) =>
    result.status === 'rejected' ? [result.reason] : [],
  );
  return { succeeded: settled.length - failures.length, failures };
}

describe('the DASWOS AI reserve', () => {
  let t: TestLedger;

  afterEach(async () => {
    await expectLedgerInvariants(t);
    await t.destroy();
  });

  describe('seed', () => {
    it('splits the supply over the shards, each with its share as its base', async () => {
      t = await createTestLedger({ totalAmount: 10, reserveShards: 4 });

      expect(await shardsOf(t)).toEqual([
        { id: '0#00', balance: 3, base: 3 },
        { id: '0#01', balance: 3, base: 3 },
        { id: '0#02', balance: 2, base: 2 },
        { id: '0#03', balance: 2, base: 2 },
      ]);
      const root = (await walletItems(t)).find((item) => String(item.user_id) === RESERVE_ROOT_ID);
      expect({ balance: root?.balance, moved: root?.moved_to_shards }).toEqual({
        balance: 0,
        moved: 10,
      });
      expect(await t.ledger.getSupply()).toEqual({
        totalAmount: 10,
        mintedAmount: 0,
        remainingAmount: 10,
      });
      expect(await t.ledger.getBalance(SYSTEM_USER_ID)).toBe(10);
      expect((await t.audit()).reserveShards).toBe(4);
    });

    it('keeps no minted_amount on the supply row: minted comes from the shards', async () => {
      t = await createTestLedger({ totalAmount: 1_000, reserveShards: 4 });
      await fundedUsers(t, { alice: 120 });

      const { Item } = await t.db.send(
        new GetCommand({ TableName: t.tables.supply, Key: { id: SUPPLY_ROW_ID } }),
      );
      expect(Item).toEqual({
        id: SUPPLY_ROW_ID,
        total_amount: 1_000,
        reserve_shards: 4,
        creation_date: expect.any(String),
      });
      expect((await t.ledger.getSupply()).mintedAmount).toBe(120);
    });
  });

  describe('mint', () => {
    it('spreads concurrent mints over the shards, and conserves every coin', async () => {
      t = await createTestLedger({ totalAmount: 1_000_000, reserveShards: 16 });
      const users = ['u1', 'u2', 'u3', 'u4'];
      await fundedUsers(t, Object.fromEntries(users.map((user) => [user, 0])));
      const amounts = Array.from({ length: 160 }, (_, i) => 1 + (i % 50));

      const { succeeded } = await outcomes(
        amounts.map((amount, i) => mintTo(t, users[i % users.length] as string, amount)),
      );

      expect(succeeded).toBe(160);
      const minted = amounts.reduce((sum, amount) => sum + amount, 0);
      expect(await t.ledger.getSupply()).toEqual({
        totalAmount: 1_000_000,
        mintedAmount: minted,
        remainingAmount: 1_000_000 - minted,
      });
      const userCoins = (await Promise.all(users.map((user) => t.ledger.getBalance(user)))).reduce(
        (sum, balance) => sum + balance,
        0,
      );
      expect(userCoins).toBe(minted);
      const shardsUsed = new Set((await records(t)).map((record) => record.from_user_id));
      expect([...shardsUsed].every((id) => /^0#\d\d$/.test(id))).toBe(true);
      // 160 random picks among 16 shards: all on fewer than 8 has odds far below one in 10^40.
      expect(shardsUsed.size).toBeGreaterThanOrEqual(8);
    });

    it('mints the very last coin, wherever it sits, and refuses the next', async () => {
      t = await createTestLedger({ totalAmount: 100, reserveShards: 16 });
      await fundedUsers(t, { alice: 0 });

      const { succeeded, failures } = await outcomes(
        Array.from({ length: 130 }, () => mintTo(t, 'alice', 1)),
      );

      expect(succeeded).toBe(100);
      expect(failures).toHaveLength(30);
      expect(failures.every((error) => error instanceof SupplyExhaustedError)).toBe(true);
      expect(await t.ledger.getSupply()).toEqual({
        totalAmount: 100,
        mintedAmount: 100,
        remainingAmount: 0,
      });
      expect(await t.ledger.getBalance('alice')).toBe(100);
    });

    it('gathers coins scattered over the shards when no shard alone covers the mint', async () => {
      t = await createTestLedger({ totalAmount: 10, reserveShards: 4 });
      await fundedUsers(t, { alice: 0 });

      await mintTo(t, 'alice', 10);

      expect(await t.ledger.getBalance('alice')).toBe(10);
      expect((await shardsOf(t)).map((shard) => shard.balance)).toEqual([0, 0, 0, 0]);
      await expect(mintTo(t, 'alice', 1)).rejects.toBeInstanceOf(SupplyExhaustedError);
    });

    it('lets exactly as many concurrent mints succeed as the scattered reserve covers', async () => {
      t = await createTestLedger({ totalAmount: 40, reserveShards: 4 });
      await fundedUsers(t, { alice: 0, bob: 0 });

      const { succeeded, failures } = await outcomes(
        Array.from({ length: 12 }, (_, i) => mintTo(t, i % 2 ? 'alice' : 'bob', 7)),
      );

      // 40 coins cover five mints of 7 (one of them from coins gathered from every shard).
      expect(succeeded).toBe(5);
      expect(failures.every((error) => error instanceof SupplyExhaustedError)).toBe(true);
      expect((await t.ledger.getSupply()).remainingAmount).toBe(5);
    });

    it('refuses a mint larger than the whole reserve without moving a coin', async () => {
      t = await createTestLedger({ totalAmount: 10, reserveShards: 4 });
      await fundedUsers(t, { alice: 0 });
      const before = await shardsOf(t);

      await expect(mintTo(t, 'alice', 11)).rejects.toBeInstanceOf(SupplyExhaustedError);

      expect(await shardsOf(t)).toEqual(before);
    });
  });

  it('answers the courtesy check before Checkout from a recent figure only far from the end', async () => {
    t = await createTestLedger({ totalAmount: 1_000, reserveShards: 4 });
    await fundedUsers(t, { alice: 0 });
    expect(await t.ledger.supplyCovers(10)).toBe(true);
    await mintTo(t, 'alice', 995);

    // 1,000 remembered is 100 x 10: still trusted for a minute (the mint itself would refuse).
    const remembered = await t.ledger.supplyCovers(10);
    // 1,000 is not 100 x 100: read afresh, and 5 coins cannot cover 100.
    const fresh = await t.ledger.supplyCovers(100);

    expect({ remembered, fresh }).toEqual({ remembered: true, fresh: false });
    expect(await t.ledger.supplyCovers(5)).toBe(true);
    expect(await t.ledger.supplyCovers(6)).toBe(false);
  });

  it('takes spent coins back into a shard, and sells them again', async () => {
    t = await createTestLedger({ totalAmount: 100, reserveShards: 4 });
    await fundedUsers(t, { alice: 100 });
    const ctx: LedgerContext = t.ledger.context;

    const spent = await spend(ctx, {
      client: BOOST_SERVICE,
      userId: 'alice',
      amount: 30,
      feature: 'boost',
      idempotencyKey: randomUUID(),
    });

    expect(spent.transaction.toUserId).toBe(SYSTEM_USER_ID);
    const record = (await records(t)).find((r) => r.transaction_type === 'spend');
    expect(
      record && isReserveWallet(record.to_user_id) && record.to_user_id !== RESERVE_ROOT_ID,
    ).toBe(true);
    expect((await t.ledger.getSupply()).remainingAmount).toBe(30);
    await mintTo(t, 'alice', 30);
    expect(await t.ledger.getBalance('alice')).toBe(100);
  });
});

describe('moving a ledger seeded before sharding into the reserve', () => {
  let t: TestLedger;

  beforeEach(async () => {
    t = await createTestLedger({ unseeded: true });
    await layOutLegacyLedger(t.ledger.context, 10_000);
    await t.ledger.createWallet('alice');
    await t.ledger.createWallet('bob');
    await legacyMint(t.ledger.context, 'alice', 1_500, 'a');
    await legacyMint(t.ledger.context, 'bob', 500, 'b');
  });

  afterEach(async () => {
    await expectLedgerInvariants(t);
    await t.destroy();
  });

  it('moves every DASWOS AI coin into shards: none created, none lost, audited before and after', async () => {
    const before = await expectLedgerInvariants(t);
    expect(before.mintedAmount).toBe(2_000);

    expect(await t.ledger.seed(undefined, 4)).toBe('sharded');

    expect(await t.ledger.getSupply()).toEqual({
      totalAmount: 10_000,
      mintedAmount: 2_000,
      remainingAmount: 8_000,
    });
    expect((await shardsOf(t)).map((shard) => shard.balance)).toEqual([2_000, 2_000, 2_000, 2_000]);
    expect(await t.ledger.getBalance('alice')).toBe(1_500);
    const after = await expectLedgerInvariants(t);
    expect(after.reserveShards).toBe(4);
    // The old records still name the root, and still read as DASWOS AI's.
    const history = await t.ledger.listTransactions('alice');
    expect(history.transactions.map((tx) => tx.fromUserId)).toEqual([SYSTEM_USER_ID]);
  });

  it('is idempotent: a second seed changes nothing, and new mints come from the shards', async () => {
    await t.ledger.seed(undefined, 4);
    const supply = await t.ledger.getSupply();

    expect(await t.ledger.seed(undefined, 8)).toBe('unchanged');

    expect(await t.ledger.getSupply()).toEqual(supply);
    expect(await shardsOf(t)).toHaveLength(4);
    const { transaction } = await mintTo(t, 'bob', 100);
    expect(transaction.fromUserId).toBe(SYSTEM_USER_ID);
    expect((await t.ledger.getSupply()).mintedAmount).toBe(2_100);
  });

  it('moves once when several seeds race', async () => {
    const results = await Promise.all(Array.from({ length: 5 }, () => t.ledger.seed(undefined, 4)));

    expect(results.filter((result) => result === 'sharded')).toHaveLength(1);
    expect(results.filter((result) => result === 'unchanged')).toHaveLength(4);
    expect((await t.ledger.getSupply()).remainingAmount).toBe(8_000);
  });

  it('keeps every coin while the old code is still minting during the move', async () => {
    const oldMints = Array.from({ length: 20 }, (_, i) =>
      legacyMint(t.ledger.context, i % 2 ? 'alice' : 'bob', 10, `race-${i}`),
    );

    const [seeded, ...settled] = await Promise.allSettled([
      t.ledger.seed(undefined, 4),
      ...oldMints,
    ]);

    expect(seeded).toEqual({ status: 'fulfilled', value: 'sharded' });
    const landed = settled.filter((result) => result.status === 'fulfilled').length;
    // Old mints that came after the move find no coins in the root and no minted_amount: refused.
    expect((await t.ledger.getSupply()).mintedAmount).toBe(2_000 + 10 * landed);
    const users = (await t.ledger.getBalance('alice')) + (await t.ledger.getBalance('bob'));
    expect(users).toBe(2_000 + 10 * landed);
  });

  it('answers a mint before the move as not seeded, and moves nothing', async () => {
    await expect(mintTo(t, 'alice', 1)).rejects.toBeInstanceOf(LedgerNotSeededError);

    expect(await t.ledger.getBalance('alice')).toBe(1_500);
  });

  it('refuses to move a ledger whose minted_amount disagrees with DASWOS AI, and changes nothing', async () => {
    await t.db.send(
      new UpdateCommand({
        TableName: t.tables.supply,
        Key: { id: SUPPLY_ROW_ID },
        UpdateExpression: 'SET minted_amount = minted_amount + :one',
        ExpressionAttributeValues: { ':one': 1 },
      }),
    );

    await expect(t.ledger.seed(undefined, 4)).rejects.toBeInstanceOf(UnbalancedLegacyLedgerError);

    expect(await shardsOf(t)).toEqual([]);
    await t.db.send(
      new UpdateCommand({
        TableName: t.tables.supply,
        Key: { id: SUPPLY_ROW_ID },
        UpdateExpression: 'SET minted_amount = minted_amount - :one',
        ExpressionAttributeValues: { ':one': 1 },
      }),
    );
  });
});
