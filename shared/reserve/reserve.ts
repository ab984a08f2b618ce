import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetCommand, TransactGetCommand } from '@aws-sdk/lib-dynamodb';
import { withRetry } from '#shared/dynamo/retry';
import { LedgerNotSeededError } from '#shared/errors';
import type { LedgerContext } from '#shared/ledger/context';
import { RESERVE_ROOT_ID, reserveShardIds } from '#shared/reserve/reserve-ids';

export const SUPPLY_ROW_ID = 'daswos-coins';

/** The supply row: the fixed total, and (once sharded) how many shards hold the reserve. */
export interface SupplyRow {
  readonly id: string;
  readonly total_amount: number;
  readonly reserve_shards?: number;
  /** Written by every mint before the reserve was sharded; removed by the move into shards. */
  readonly minted_amount?: number;
}

export interface ReserveShard {
  readonly user_id: string;
  readonly balance: number;
  /**
   * Coins the shard was given outside postings: its share at the seed or the move into shards,
   * adjusted when coins are moved between shards. Its balance is always `base_balance` plus the
   * records crediting it minus the records debiting it, and the shards' bases sum to the root's
   * `moved_to_shards` — the two facts the audit checks.
   */
  readonly base_balance: number;
  readonly last_updated?: string;
}

export interface ReserveRoot {
  readonly user_id: string;
  readonly balance: number;
  readonly moved_to_shards?: number;
  readonly last_updated?: string;
}

/** The supply row, the root and every shard, as of one instant. */
export interface ReserveSnapshot {
  readonly supply: SupplyRow;
  readonly root: ReserveRoot;
  readonly shards: readonly ReserveShard[];
  /** Every coin DASWOS AI holds: the root's and the shards'. */
  readonly balance: number;
  readonly mintedAmount: number;
}

/** Shard counts by supply table, per client: read once, then known (a count never shrinks). */
const shardCounts = new WeakMap<DynamoDBDocumentClient, Map<string, number>>();

/**
 * How many shards this ledger's reserve has, from its supply row (the data, not a setting, is
 * the truth: a function configured differently still posts to shards that exist).
 */
export async function reserveShardCount(ctx: LedgerContext, refresh = false): Promise<number> {
  let counts = shardCounts.get(ctx.db);
  if (!counts) {
    counts = new Map();
    shardCounts.set(ctx.db, counts);
  }
  const known = counts.get(ctx.tables.supply);
  if (known !== undefined && !refresh) return known;
  const { Item } = await withRetry(
    () =>
      ctx.db.send(
        new GetCommand({
          TableName: ctx.tables.supply,
          Key: { id: SUPPLY_ROW_ID },
          ConsistentRead: true,
        }),
      ),
    ctx.retryPolicy,
    ctx.onRetry,
  );
  const count = (Item as SupplyRow | undefined)?.reserve_shards;
  if (count === undefined) throw new LedgerNotSeededError();
  counts.set(ctx.tables.supply, count);
  return count;
}

/** The supply row, the root and `count` shards as one TransactGetItems returns them (or not). */
export interface ReserveItems {
  readonly supply: SupplyRow | undefined;
  readonly root: ReserveRoot | undefined;
  /** By shard index: undefined where the shard does not exist. */
  readonly shards: readonly (ReserveShard | undefined)[];
}

/**
 * One TransactGetItems of the supply row, the root and shards 0 … count-1: serializable against
 * every posting and every move between shards (each one TransactWriteItems), so what it returns
 * is of one instant. Costs 2 RCU per item (under 4 KB): 36 with 16 shards.
 */
export async function readReserveItems(ctx: LedgerContext, count: number): Promise<ReserveItems> {
  const result = await withRetry(
    () =>
      ctx.db.send(
        new TransactGetCommand({
          TransactItems: [
            { Get: { TableName: ctx.tables.supply, Key: { id: SUPPLY_ROW_ID } } },
            ...[RESERVE_ROOT_ID, ...reserveShardIds(count)].map((walletId) => ({
              Get: { TableName: ctx.tables.wallets, Key: { user_id: walletId } },
            })),
          ],
        }),
      ),
    ctx.retryPolicy,
    ctx.onRetry,
  );
  const [supply, root, ...shards] = (result.Responses ?? []).map((response) => response.Item);
  return {
    supply: supply as SupplyRow | undefined,
    root: root as ReserveRoot | undefined,
    shards: shards as (ReserveShard | undefined)[],
  };
}

/** The reserve as of one instant, for `GET /supply` and a mint's fallback: minted is exact. */
export async function readReserve(ctx: LedgerContext): Promise<ReserveSnapshot> {
  let count = await reserveShardCount(ctx);
  for (let attempt = 0; ; attempt += 1) {
    const items = await readReserveItems(ctx, count);
    const { supply, root } = items;
    if (!supply || !root || supply.reserve_shards === undefined) throw new LedgerNotSeededError();
    // The ledger was sharded (or re-sharded) since this process learned the count: read again.
    if (supply.reserve_shards !== count) {
      if (attempt > 0) throw new Error('The reserve shard count changed while it was read');
      count = await reserveShardCount(ctx, true);
      continue;
    }
    const shards = items.shards.filter((item): item is ReserveShard => item !== undefined);
    if (shards.length !== count) throw new LedgerNotSeededError();
    const balance = root.balance + shards.reduce((sum, shard) => sum + shard.balance, 0);
    return { supply, root, shards, balance, mintedAmount: supply.total_amount - balance };
  }
}

/** The last snapshot this process read, per client and supply table, with when it was read. */
const lastSnapshots = new WeakMap<
  DynamoDBDocumentClient,
  Map<string, { readonly remaining: number; readonly at: number }>
>();

/** How far from the end a remembered figure may stand in for a fresh snapshot. */
export const REMEMBERED_SUPPLY = { maxAgeMs: 60_000, headroom: 100 } as const;

/**
 * Whether the reserve still holds `amount`, for a courtesy check before a Checkout Session opens
 * (the mint's own condition is what holds the supply; a paid session it cannot cover is
 * refunded). A snapshot costs 2 RCU per item (36 with 16 shards), so a figure this process read
 * in the last minute is used instead while it is over 100 times the amount: far from the end a
 * minute cannot matter, and near it every check reads afresh.
 */
export async function reserveCovers(ctx: LedgerContext, amount: number): Promise<boolean> {
  let remembered = lastSnapshots.get(ctx.db);
  if (!remembered) {
    remembered = new Map();
    lastSnapshots.set(ctx.db, remembered);
  }
  const last = remembered.get(ctx.tables.supply);
  const now = Date.now();
  if (
    last &&
    now - last.at < REMEMBERED_SUPPLY.maxAgeMs &&
    last.remaining >= REMEMBERED_SUPPLY.headroom * amount
  ) {
    return true;
  }
  const { balance } = await readReserve(ctx);
  remembered.set(ctx.tables.supply, { remaining: balance, at: now });
  return balance >= amount;
}
