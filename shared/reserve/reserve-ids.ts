import { SYSTEM_USER_ID } from '#shared/ledger/rules';

/**
 * DASWOS AI's coins are not one item: they live in reserve shards, wallet items `0#00`, `0#01`, …
 * in the wallets table, so that mints and returns spread over many items (and many partitions of
 * the history indexes, since a record names the shard it touched) instead of queueing on one.
 * `#` is outside USER_ID_PATTERN: no user id can ever be a shard id.
 *
 * The item `0` itself stays as the reserve's root: it held every coin before the reserve was
 * sharded, and records written before then name it. After sharding its balance is 0 and
 * `moved_to_shards` says how many coins it handed to the shards.
 */
export const RESERVE_ROOT_ID = SYSTEM_USER_ID;

const SHARD_PREFIX = `${RESERVE_ROOT_ID}#`;

/** TransactGetItems reads at most 100 items: the supply row, the root and every shard at once. */
export const MAX_RESERVE_SHARDS = 98;

export const DEFAULT_RESERVE_SHARDS = 16;

export function reserveShardId(index: number): string {
  return `${SHARD_PREFIX}${String(index).padStart(2, '0')}`;
}

export function reserveShardIds(count: number): string[] {
  return Array.from({ length: count }, (_, index) => reserveShardId(index));
}

/** A reserve shard or the root: an item of DASWOS AI, never a user's wallet. */
export function isReserveWallet(walletId: string): boolean {
  return walletId === RESERVE_ROOT_ID || walletId.startsWith(SHARD_PREFIX);
}

/** What the API shows for a side of a posting: DASWOS AI is one party, whichever shard moved. */
export function publicWalletId(walletId: string): string {
  return isReserveWallet(walletId) ? SYSTEM_USER_ID : walletId;
}

/** The shard count a new ledger is seeded with: `RESERVE_SHARDS`, 1 to 98, default 16. */
export function reserveShardsFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.RESERVE_SHARDS;
  if (raw === undefined || raw === '') return DEFAULT_RESERVE_SHARDS;
  const count = Number(raw);
  if (!Number.isInteger(count) || count < 1 || count > MAX_RESERVE_SHARDS) {
    throw new Error(`RESERVE_SHARDS must be a whole number from 1 to ${MAX_RESERVE_SHARDS}`);
  }
  return count;
}

/** `total` coins over `count` shards, as evenly as whole coins allow (the first ones get the rest). */
export function splitAcrossShards(total: number, count: number): number[] {
  const share = Math.floor(total / count);
  const rest = total - share * count;
  return Array.from({ length: count }, (_, index) => share + (index < rest ? 1 : 0));
}
