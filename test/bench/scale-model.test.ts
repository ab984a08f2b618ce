import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { Call } from '../../bench/capacity';
import { itemSize } from '../../bench/capacity-math';
import {
  type KeyLoad,
  keyLoadsOf,
  scaleFigures,
  shardedRate,
  sustainableRate,
} from '../../bench/scale-model';

type Item = Record<string, unknown>;
const sizeOf = (item: Item | undefined) =>
  item
    ? itemSize(marshall(item, { removeUndefinedValues: true }) as Record<string, AttributeValue>)
    : 0;

const TABLES = {
  supply: 'daswos_coins_total_supply',
  wallets: 'daswos_wallets',
  transactions: 'daswos_transactions',
};

const wallet = (userId: string, balance: number) => ({
  user_id: userId,
  balance,
  last_updated: '2026-11-30T12:00:00.000Z',
});

function record(from: string, to: string, description = 'bench') {
  return {
    transaction_id: `giveaway_${from}_${to}`,
    from_user_id: from,
    to_user_id: to,
    amount: 10,
    transaction_type: 'giveaway',
    timestamp: '2026-11-30T12:00:00.000Z',
    history_key: '2026-11-30T12:00:00.000Z#giveaway_x',
    request_hash: 'h',
    description,
  };
}

/** One posting as postTransaction sends it, with the items as they were before and after. */
function postingCall(
  from: string,
  to: string,
  options: { description?: string; supplyRow?: boolean } = {},
): Call {
  const updates = [
    {
      table: TABLES.wallets,
      key: { user_id: from },
      before: wallet(from, 1_000),
      after: wallet(from, 990),
    },
    { table: TABLES.wallets, key: { user_id: to }, before: wallet(to, 0), after: wallet(to, 10) },
    ...(options.supplyRow
      ? [
          {
            table: TABLES.supply,
            key: { id: 'daswos-coins' },
            before: { id: 'daswos-coins', total_amount: 1e9, minted_amount: 5 },
            after: { id: 'daswos-coins', total_amount: 1e9, minted_amount: 15 },
          },
        ]
      : []),
  ];
  return {
    request: 'TransactWriteItems',
    input: {
      TransactItems: [
        { Put: { TableName: TABLES.transactions, Item: record(from, to, options.description) } },
        ...updates.map((update) => ({ Update: { TableName: update.table, Key: update.key } })),
      ],
    },
    output: {},
    changedSizes: updates.map((update) => Math.max(sizeOf(update.before), sizeOf(update.after))),
    changedItems: updates.map((update) => ({ before: update.before, after: update.after })),
  };
}

const loadsOf = (call: Call) => keyLoadsOf([call], sizeOf);

describe('the capacity model', () => {
  it('finds where a mint lands: its record, a reserve shard and its index partition, the user', () => {
    const loads = loadsOf(postingCall('0#03', 'alice'));

    const byKey = Object.fromEntries(loads.map((load) => [load.key, load]));
    expect(byKey['daswos_wallets:0#03']).toMatchObject({ kind: 'reserve', writeUnits: 2 });
    expect(byKey['daswos_transactions/by_sender:0#03']).toMatchObject({
      kind: 'reserve',
      writeUnits: 1,
    });
    expect(byKey['daswos_wallets:alice']).toMatchObject({ kind: 'own', writeUnits: 2 });
    expect(byKey['daswos_transactions/by_recipient:alice']).toMatchObject({ kind: 'own' });
    expect(byKey['daswos_transactions:giveaway_0#03_alice']).toMatchObject({ kind: 'own' });
  });

  it('caps mints on one shard at one partition: 1,000 WCU/s over 2 transactional units', () => {
    expect(sustainableRate(loadsOf(postingCall('0#03', 'alice')), 1)).toBe(500);
  });

  it('sustains 16 shards at more than 0.8 x 16 x one shard, less than a perfect 16 x', () => {
    const loads = loadsOf(postingCall('0#03', 'alice'));

    const sharded = sustainableRate(loads, 16);

    // m + 3 sqrt(m) = 500  =>  sqrt(m) = (-3 + sqrt(2009)) / 2 = 20.911...,  m = 437.3..., x16
    expect(sharded).toBe(Math.floor(16 * ((-3 + Math.sqrt(2_009)) / 2) ** 2));
    expect(sharded).toBe(6_996);
    expect(sharded).toBeGreaterThanOrEqual(0.8 * 16 * 500);
    expect(sharded).toBeLessThan(16 * 500);
  });

  it('caps mints at one item whatever the shards when every mint also writes the supply row', () => {
    const loads = loadsOf(postingCall('0#03', 'alice', { supplyRow: true }));

    expect(loads.find((load) => load.key.startsWith(TABLES.supply))?.kind).toBe('shared');
    expect(sustainableRate(loads, 16)).toBe(500);
  });

  it('counts an index partition that falls behind: a 2.5 KB record costs its index 3 units', () => {
    const loads = loadsOf(postingCall('0#03', 'alice', { description: 'x'.repeat(2_300) }));

    expect(
      loads.find((load) => load.key === 'daswos_transactions/by_sender:0#03')?.writeUnits,
    ).toBe(3);
    expect(sustainableRate(loads, 1)).toBe(333);
  });

  it('caps transfers of one user pair at their wallets, not at their records', () => {
    const figures = scaleFigures(
      { 'transfer-again': { keys: loadsOf(postingCall('bob', 'carol')) } },
      16,
    );

    expect(figures.transfersPerSecondPerUserPair).toBe(500);
  });

  it('reports the issue keys from the cost table', () => {
    const keys: KeyLoad[] = loadsOf(postingCall('0#07', 'alice'));

    const figures = scaleFigures(
      { give: { keys }, spend: { keys: loadsOf(postingCall('bob', '0#02')) } },
      16,
    );

    expect(figures).toMatchObject({
      shards: 16,
      mintsPerSecond: { oneShard: 500, sharded: 6_996, efficiency: 0.875 },
      operations: { give: { oneShard: 500, sharded: 6_996 }, spend: { oneShard: 500 } },
    });
  });

  it('takes one shard as it is: no imbalance when every operation goes to it', () => {
    expect(shardedRate(500, 1)).toBe(500);
    expect(shardedRate(500, 2)).toBeLessThan(1_000);
  });
});
