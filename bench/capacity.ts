import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactGetCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { tableDefinitions, tableNamesFromEnv } from '#shared/tables';
import {
  getItemReadUnits,
  itemSize,
  queryReadUnits,
  transactionalWriteUnits,
  usdPerMillionOperations,
  writeUnits,
} from './capacity-math';
import { type KeyLoad, keyLoadsOf } from './scale-model';
import { round } from './stats';

/**
 * DynamoDB work per operation, from the requests the handlers really send: the document client's
 * `send` is wrapped while one operation runs, and each request is priced by AWS's rules from the
 * actual items — a Put's item, an Update's item as read just before and just after (the larger
 * counts), a read's returned items. DynamoDB Local's own ConsumedCapacity is not AWS's.
 */
type Item = Record<string, unknown>;

export interface Capacity {
  readonly writeUnits: number;
  readonly readUnits: number;
  readonly usdPerMillion: number;
  readonly itemsWritten: number;
  readonly itemsRead: number;
  readonly indexWrites: number;
  /** The wire requests, in order, e.g. ["TransactWriteItems", "GetItem"]. */
  readonly requests: readonly string[];
  /** The size of each item written (as priced), and of all items read, in bytes. */
  readonly writtenItemBytes: readonly number[];
  readonly readBytes: number;
  /** Where the units land, item by item and index partition by partition (scale-model.ts). */
  readonly keys: readonly KeyLoad[];
}

export interface Call {
  readonly request: string;
  readonly input: Record<string, unknown>;
  readonly output: Record<string, unknown>;
  /** TransactWriteItems only: max(size before, size after) of each Update/Delete, in order. */
  readonly changedSizes: readonly number[];
  /** TransactWriteItems only: each Update/Delete's item before and after, in order. */
  readonly changedItems: readonly { before?: Item; after?: Item }[];
}

const sizeOf = (item: Item | undefined) =>
  item
    ? itemSize(marshall(item, { removeUndefinedValues: true }) as Record<string, AttributeValue>)
    : 0;

/** Which GSIs a table's items are written to (by physical name), with their key attributes. */
function indexesByTable(): Map<string, readonly { keys: readonly string[] }[]> {
  const names = tableNamesFromEnv(process.env);
  const physical = [names.supply, names.wallets, names.transactions, names.admin, names.holds];
  return new Map(
    tableDefinitions.map((definition, i) => [
      physical[i] as string,
      definition.globalIndexes.map((index) => ({
        keys: [index.partitionKey.name, index.sortKey.name],
      })),
    ]),
  );
}

async function currentItem(probe: DynamoDBDocumentClient, table: string, key: Item) {
  const { Item } = await probe.send(
    new GetCommand({ TableName: table, Key: key, ConsistentRead: true }),
  );
  return Item;
}

/** The wire operation's name; anything else is reported under its class name (and refused). */
function requestName(command: unknown): string {
  if (command instanceof TransactWriteCommand) return 'TransactWriteItems';
  if (command instanceof GetCommand) return 'GetItem';
  if (command instanceof PutCommand) return 'PutItem';
  if (command instanceof QueryCommand) return 'Query';
  if (command instanceof TransactGetCommand) return 'TransactGetItems';
  return (command as object).constructor.name;
}

type Action = { TableName: string; Key?: Item; Item?: Item };
const actionsOf = (input: Record<string, unknown>) =>
  (input.TransactItems as Record<string, Action>[]).map(
    (entry) => Object.entries(entry)[0] as [string, Action],
  );

/** Runs `operation` with `db`'s requests recorded; `probe` (another client) reads item sizes. */
export async function capture(
  db: DynamoDBDocumentClient,
  probe: DynamoDBDocumentClient,
  operation: () => Promise<unknown>,
): Promise<Call[]> {
  const calls: Call[] = [];
  const original = db.send.bind(db);
  const changed = async (input: Record<string, unknown>) =>
    Promise.all(
      actionsOf(input)
        .filter(([kind]) => kind === 'Update' || kind === 'Delete' || kind === 'ConditionCheck')
        .map(([, a]) => currentItem(probe, a.TableName, a.Key ?? {})),
    );
  // biome-ignore lint/suspicious/noExplicitAny: send is overloaded; the wrapper passes it through.
  const wrapped = async (command: any, ...rest: any[]) => {
    const input = command.input as Record<string, unknown>;
    const isTransaction = command instanceof TransactWriteCommand;
    const before = isTransaction ? await changed(input) : [];
    const output = await original(command, ...rest);
    const after = isTransaction ? await changed(input) : [];
    calls.push({
      request: requestName(command),
      input,
      output: output as Record<string, unknown>,
      changedSizes: before.map((item, i) => Math.max(sizeOf(item), sizeOf(after[i]))),
      changedItems: before.map((item, i) => ({ before: item, after: after[i] })),
    });
    return output;
  };
  db.send = wrapped as typeof db.send;
  try {
    await operation();
  } finally {
    db.send = original as typeof db.send;
  }
  return calls;
}

/** Prices captured calls by AWS's rules (see capacity-math.ts). */
export function priceCalls(calls: readonly Call[]): Capacity {
  const indexes = indexesByTable();
  let wru = 0;
  let rru = 0;
  const writtenItemBytes: number[] = [];
  let itemsRead = 0;
  let readBytes = 0;
  let indexWrites = 0;
  const indexUnits = (table: string, item: Item | undefined, size: number) => {
    for (const index of indexes.get(table) ?? []) {
      if (!item || !index.keys.every((key) => item[key] !== undefined)) continue;
      indexWrites++;
      wru += writeUnits(size);
    }
  };
  // An updated item's index entries: written when the key is added or kept (the projection is
  // the whole item, so any change rewrites it), deleted when it is removed, both when it moves.
  const updatedIndexUnits = (table: string, change: { before?: Item; after?: Item }) => {
    for (const index of indexes.get(table) ?? []) {
      const keyOf = (item?: Item) =>
        item && index.keys.every((key) => item[key] !== undefined)
          ? JSON.stringify(index.keys.map((key) => item[key]))
          : undefined;
      const [was, is] = [keyOf(change.before), keyOf(change.after)];
      const entries = was && is ? (was === is ? 1 : 2) : was || is ? 1 : 0;
      indexWrites += entries;
      wru += entries * writeUnits(Math.max(sizeOf(change.before), sizeOf(change.after)));
    }
  };
  for (const call of calls) {
    if (call.request === 'TransactWriteItems') {
      let changedIndex = 0;
      for (const [kind, action] of actionsOf(call.input)) {
        // A condition check of a transaction is charged as a transactional write of the item it
        // reads (DynamoDB's pricing of TransactWriteItems), and changes no index.
        if (kind === 'ConditionCheck') {
          wru += transactionalWriteUnits(call.changedSizes[changedIndex++] ?? 0);
          continue;
        }
        const change = kind === 'Put' ? undefined : call.changedItems[changedIndex];
        const size =
          kind === 'Put' ? sizeOf(action.Item) : (call.changedSizes[changedIndex++] ?? 0);
        writtenItemBytes.push(size);
        wru += transactionalWriteUnits(size);
        // Index entries are ordinary writes of the projected (here: whole) item.
        if (kind === 'Put') indexUnits(action.TableName, action.Item, size);
        else if (change) updatedIndexUnits(action.TableName, change);
      }
    } else if (call.request === 'PutItem') {
      const put = call.input as Action;
      const size = sizeOf(put.Item);
      writtenItemBytes.push(size);
      wru += writeUnits(size);
      indexUnits(put.TableName, put.Item, size);
    } else if (call.request === 'GetItem') {
      const item = call.output.Item as Item | undefined;
      if (item) itemsRead++;
      readBytes += sizeOf(item);
      rru += getItemReadUnits(sizeOf(item), call.input.ConsistentRead === true);
    } else if (call.request === 'TransactGetItems') {
      // A transactional read costs twice a consistent one, item by item (a miss still costs).
      for (const response of (call.output.Responses ?? []) as { Item?: Item }[]) {
        if (response.Item) itemsRead++;
        readBytes += sizeOf(response.Item);
        rru += 2 * getItemReadUnits(sizeOf(response.Item), true);
      }
    } else if (call.request === 'Query') {
      const items = (call.output.Items ?? []) as Item[];
      const sizes = items.map(sizeOf);
      itemsRead += items.length;
      readBytes += sizes.reduce((sum, size) => sum + size, 0);
      rru += queryReadUnits(sizes, call.input.ConsistentRead === true);
    } else {
      throw new Error(`pricing of ${call.request} is not modelled`);
    }
  }
  return {
    writeUnits: wru,
    readUnits: rru,
    usdPerMillion: round(usdPerMillionOperations(wru, rru), 3),
    itemsWritten: writtenItemBytes.length,
    itemsRead,
    indexWrites,
    requests: calls.map((call) => call.request),
    writtenItemBytes,
    readBytes,
    keys: keyLoadsOf(calls, sizeOf),
  };
}
