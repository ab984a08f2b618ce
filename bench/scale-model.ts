import { isReserveWallet } from '#shared/reserve/reserve-ids';
import {
  supplyTable,
  type TableDefinition,
  tableDefinitions,
  transactionsTable,
} from '#shared/tables';
import type { Call } from './capacity';
import { getItemReadUnits, transactionalWriteUnits, writeUnits } from './capacity-math';

/**
 * How many operations per second AWS could sustain, from the requests one operation really sends
 * (captured for the cost table). DynamoDB serves each partition at most 1,000 write units and
 * 3,000 read units per second, and one item never spans partitions: an item, or an index key,
 * that every operation of a kind writes caps that kind, however the table scales. A global index
 * that cannot keep up throttles the base table's writes (back-pressure), so its partitions count
 * like the table's. Everything else an operation writes (its own record, one user's wallet) is
 * spread over as many partitions as there are users and scales out.
 */
export const PARTITION_WRITE_UNITS_PER_SECOND = 1_000;
export const PARTITION_READ_UNITS_PER_SECOND = 3_000;

/**
 * Random shards are not perfectly even: in a second with R operations over N shards, the busiest
 * receives about R/N + z·sqrt(R/N) (a Poisson count). z = 3 keeps the busiest shard under its
 * partition's limit in all but about one second in a thousand.
 */
export const SHARD_IMBALANCE_SIGMAS = 3;

/** Where one operation's units land: one item, or one partition of one index. */
export interface KeyLoad {
  /** `table:key` or `table/index:partition key`. */
  readonly key: string;
  /**
   * `reserve`: a DASWOS AI reserve item (or its index partition), one shard of N per operation;
   * `shared`: the same for every operation of the kind (e.g. a supply row written by every mint);
   * `own`: the operation's or its user's own (a record, a wallet).
   */
  readonly kind: 'reserve' | 'shared' | 'own';
  readonly writeUnits: number;
  readonly readUnits: number;
}

type Item = Record<string, unknown>;
type Action = { TableName: string; Key?: Item; Item?: Item };

function definitionOf(tableName: string): TableDefinition | undefined {
  return tableDefinitions.find((definition) => tableName.endsWith(definition.baseName));
}

/** Items every operation of a kind shares: the supply row, DASWOS AI's root. */
function kindOf(definition: TableDefinition | undefined, partition: unknown): KeyLoad['kind'] {
  if (typeof partition === 'string' && isReserveWallet(partition)) return 'reserve';
  if (definition?.baseName === supplyTable.baseName) return 'shared';
  return 'own';
}

/** Adds up the units each item and index partition of one operation receives. */
export function keyLoadsOf(
  calls: readonly Call[],
  sizeOf: (item: Item | undefined) => number,
): KeyLoad[] {
  const loads = new Map<string, KeyLoad>();
  const add = (
    key: string,
    kind: KeyLoad['kind'],
    units: { writeUnits?: number; readUnits?: number },
  ) => {
    const load = loads.get(key) ?? { key, kind, writeUnits: 0, readUnits: 0 };
    loads.set(key, {
      ...load,
      writeUnits: load.writeUnits + (units.writeUnits ?? 0),
      readUnits: load.readUnits + (units.readUnits ?? 0),
    });
  };
  const onItem = (
    action: Action,
    item: Item | undefined,
    units: { writeUnits?: number; readUnits?: number },
  ) => {
    const definition = definitionOf(action.TableName);
    const partitionKey = definition?.partitionKey.name ?? '';
    const partition = (action.Key ?? action.Item)?.[partitionKey];
    add(`${action.TableName}:${String(partition)}`, kindOf(definition, partition), units);
    if (units.writeUnits === undefined) return;
    // Index entries are ordinary writes of the (whole, projected) item, once per index it is in.
    for (const index of definition?.globalIndexes ?? []) {
      const value = item?.[index.partitionKey.name];
      if (value === undefined || item?.[index.sortKey.name] === undefined) continue;
      add(`${action.TableName}/${index.indexName}:${String(value)}`, kindOf(definition, value), {
        writeUnits: writeUnits(sizeOf(item)),
      });
    }
  };
  for (const call of calls) {
    if (call.request === 'TransactWriteItems') {
      let changed = 0;
      for (const entry of call.input.TransactItems as Record<string, Action>[]) {
        const [kind, action] = Object.entries(entry)[0] as [string, Action];
        const change = kind === 'Put' ? undefined : call.changedItems[changed];
        const size = kind === 'Put' ? sizeOf(action.Item) : (call.changedSizes[changed++] ?? 0);
        const item = kind === 'Put' ? action.Item : (change?.after ?? change?.before);
        onItem(action, kind === 'ConditionCheck' ? undefined : item, {
          writeUnits: transactionalWriteUnits(size),
        });
      }
    } else if (call.request === 'PutItem') {
      const action = call.input as Action;
      onItem(action, action.Item, { writeUnits: writeUnits(sizeOf(action.Item)) });
    } else if (call.request === 'TransactGetItems') {
      // A snapshot reads every item it names, each operation all of them: none is spread out.
      const gets = call.input.TransactItems as { Get: Action }[];
      const responses = (call.output.Responses ?? []) as { Item?: Item }[];
      for (const [i, { Get }] of gets.entries()) {
        const size = sizeOf(responses[i]?.Item);
        add(`${Get.TableName}:${String(Object.values(Get.Key ?? {})[0])}`, 'shared', {
          readUnits: 2 * getItemReadUnits(size, true),
        });
      }
    } else if (call.request === 'GetItem') {
      const item = call.output.Item as Item | undefined;
      onItem(call.input as Action, undefined, {
        readUnits: getItemReadUnits(sizeOf(item), call.input.ConsistentRead === true),
      });
    }
  }
  return [...loads.values()];
}

/** Operations per second one partition takes of a key receiving these units per operation. */
function perKeyLimit(load: KeyLoad): number {
  return Math.min(
    load.writeUnits > 0 ? PARTITION_WRITE_UNITS_PER_SECOND / load.writeUnits : Infinity,
    load.readUnits > 0 ? PARTITION_READ_UNITS_PER_SECOND / load.readUnits : Infinity,
  );
}

/** The largest rate R whose busiest of `shards` shards stays within `perShard` (see the sigma). */
export function shardedRate(perShard: number, shards: number): number {
  if (shards === 1) return perShard;
  const z = SHARD_IMBALANCE_SIGMAS;
  // Solve m + z·sqrt(m) = perShard for the mean per shard m, then R = N·m.
  const root = (-z + Math.sqrt(z * z + 4 * perShard)) / 2;
  return shards * root * root;
}

/**
 * The sustainable rate of one kind of operation on AWS, all of it at once, with the reserve in
 * `shards` shards: the tightest of its shared keys and of its reserve shard (every reserve key
 * of an operation is on the same shard). `hot` says which of its `own` keys are the same for
 * every operation too (e.g. both wallets when one pair of users transfers over and over).
 */
export function sustainableRate(
  loads: readonly KeyLoad[],
  shards: number,
  hot: (load: KeyLoad) => boolean = () => false,
): number {
  let rate = Infinity;
  const reserve = loads.filter((load) => load.kind === 'reserve');
  if (reserve.length > 0) {
    rate = Math.min(rate, shardedRate(Math.min(...reserve.map(perKeyLimit)), shards));
  }
  for (const load of loads) {
    if (load.kind === 'shared' || (load.kind === 'own' && hot(load))) {
      rate = Math.min(rate, perKeyLimit(load));
    }
  }
  return Math.floor(rate);
}

/** The operations that take coins from or give them back to the reserve, as the cost table names them. */
export const RESERVE_OPERATIONS = [
  'give',
  'approve-grant',
  'purchase',
  'reward',
  'allowance',
  'referral',
  'spend',
  'capture',
] as const;

export interface ScaleFigures {
  readonly shards: number;
  readonly mintsPerSecond: {
    readonly oneShard: number;
    readonly sharded: number;
    /** sharded / (shards × oneShard): 1 would be perfectly even shards; the goal is 0.8. */
    readonly efficiency: number;
  };
  /** One sender and one recipient, transferring as fast as their two wallets allow. */
  readonly transfersPerSecondPerUserPair: number;
  /** Each reserve operation alone: with one shard and with `shards`. */
  readonly operations: Readonly<Record<string, { oneShard: number; sharded: number }>>;
}

/** The capacity model over the cost table's captured operations (bench/capacity-operations.ts). */
export function scaleFigures(
  capacity: Readonly<Record<string, { readonly keys: readonly KeyLoad[] }>>,
  shards: number,
): ScaleFigures {
  const rates = (name: string) => {
    const keys = capacity[name]?.keys ?? [];
    return { oneShard: sustainableRate(keys, 1), sharded: sustainableRate(keys, shards) };
  };
  const operations = Object.fromEntries(
    RESERVE_OPERATIONS.filter((name) => capacity[name]).map((name) => [name, rates(name)]),
  );
  const mints = rates('give');
  // A pair's wallets and their index partitions are the same every time; its records are not.
  const isRecord = (load: KeyLoad) =>
    load.key.split(':')[0]?.endsWith(transactionsTable.baseName) === true;
  const transfer = capacity['transfer-again']?.keys ?? capacity.transfer?.keys ?? [];
  return {
    shards,
    mintsPerSecond: {
      ...mints,
      efficiency: Math.round((mints.sharded / (shards * mints.oneShard)) * 1000) / 1000,
    },
    transfersPerSecondPerUserPair: sustainableRate(transfer, shards, (load) => !isRecord(load)),
    operations,
  };
}
