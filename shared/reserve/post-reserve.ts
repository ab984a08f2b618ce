import { randomInt } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { withRetry } from '#shared/dynamo/retry';
import { LedgerNotSeededError, SupplyExhaustedError } from '#shared/errors';
import type { LedgerContext } from '#shared/ledger/context';
import type { Posting, PostingResult } from '#shared/ledger/post-transaction';
import { logger } from '#shared/logger';
import { type ReserveShard, readReserve, reserveShardCount } from '#shared/reserve/reserve';
import { reserveShardId } from '#shared/reserve/reserve-ids';

/** Writes one posting as it is (post-transaction.ts): the reserve only chooses its shard. */
export type WritePosting = (posting: Posting) => Promise<PostingResult>;

/**
 * Snapshots and tries a mint may take before it gives up. Each failed try means a concurrent
 * mint took the coins the snapshot saw; only a storm at the last coins gets anywhere near this.
 */
const MAX_MINT_ATTEMPTS = 10;

/** A mint that lost every race for the last coins of the reserve: internal, safe to retry. */
export class ReserveContendedError extends Error {
  constructor() {
    super('Every shard the mint tried was taken by a concurrent mint; nothing moved');
    this.name = 'ReserveContendedError';
  }
}

/** The same posting with DASWOS AI's side on one shard: the wallet it updates, the record's name. */
function onShard(posting: Posting, side: 'debit' | 'credit', shardId: string): Posting {
  const record =
    side === 'debit'
      ? { ...posting.record, from_user_id: shardId }
      : { ...posting.record, to_user_id: shardId };
  return side === 'debit'
    ? { ...posting, record, debit: { ...posting.debit, userId: shardId } }
    : { ...posting, record, credit: { ...posting.credit, userId: shardId } };
}

/**
 * Coins coming back to DASWOS AI (a spend, a capture, a clawback, a bonus taken back): any shard
 * can take them, so a random one — concurrent returns spread over every shard.
 */
export async function postToReserve(
  ctx: LedgerContext,
  posting: Posting,
  write: WritePosting,
): Promise<PostingResult> {
  const count = await reserveShardCount(ctx);
  return write(onShard(posting, 'credit', reserveShardId(randomInt(count))));
}

/**
 * Coins leaving DASWOS AI (every mint). A random shard first, so concurrent mints spread out.
 * When it cannot cover the amount, that is not the end of the supply: a snapshot of the whole
 * reserve (readReserve) names the shards that can, or — when coins are left but scattered — the
 * coins are first gathered into one shard. The supply is exhausted only when the snapshot's total
 * is below the amount: exact to the last coin, whatever the number of shards.
 */
export async function postFromReserve(
  ctx: LedgerContext,
  posting: Posting,
  write: WritePosting,
): Promise<PostingResult> {
  const amount = posting.record.amount;
  let shardId = reserveShardId(randomInt(await reserveShardCount(ctx)));
  for (let attempt = 0; attempt < MAX_MINT_ATTEMPTS; attempt += 1) {
    try {
      return await write(onShard(posting, 'debit', shardId));
    } catch (error) {
      // A shard that is missing: this process's count is older than the ledger's. Learn it again.
      if (error instanceof LedgerNotSeededError && attempt === 0) {
        shardId = reserveShardId(randomInt(await reserveShardCount(ctx, true)));
        continue;
      }
      if (!(error instanceof SupplyExhaustedError)) throw error;
    }
    const reserve = await readReserve(ctx);
    const shardsLeft = reserve.shards.reduce((sum, shard) => sum + shard.balance, 0);
    if (shardsLeft < amount) throw new SupplyExhaustedError();
    const covering = reserve.shards.filter((shard) => shard.balance >= amount);
    const chosen = covering[randomInt(covering.length || 1)];
    shardId = chosen?.user_id ?? (await gatherInto(ctx, reserve.shards, amount)) ?? shardId;
  }
  throw new ReserveContendedError();
}

/**
 * Moves coins from the other shards into the fullest one until it holds `amount`, in one
 * TransactWriteItems: each source conditioned on still holding what it gives, each shard's
 * `base_balance` moved with its balance (no record: no coin enters or leaves DASWOS AI, and the
 * bases still sum to what the root handed over). Undefined when a concurrent mint changed a
 * source first: the caller takes a new snapshot.
 */
async function gatherInto(
  ctx: LedgerContext,
  shards: readonly ReserveShard[],
  amount: number,
): Promise<string | undefined> {
  const [target, ...sources] = [...shards].sort((a, b) => b.balance - a.balance);
  if (!target) return undefined;
  const takes: { shard: ReserveShard; take: number }[] = [];
  let missing = amount - target.balance;
  for (const shard of sources) {
    if (missing <= 0) break;
    const take = Math.min(shard.balance, missing);
    if (take > 0) takes.push({ shard, take });
    missing -= take;
  }
  const gathered = takes.reduce((sum, { take }) => sum + take, 0);
  const now = ctx.now().toISOString();
  const move = (walletId: string, sign: '+' | '-', coins: number) => ({
    Update: {
      TableName: ctx.tables.wallets,
      Key: { user_id: walletId },
      UpdateExpression: `SET balance = balance ${sign} :coins, base_balance = base_balance ${sign} :coins, last_updated = :now`,
      ConditionExpression: sign === '-' ? 'balance >= :coins' : 'attribute_exists(user_id)',
      ExpressionAttributeValues: { ':coins': coins, ':now': now },
    },
  });
  try {
    await withRetry(
      () =>
        ctx.db.send(
          new TransactWriteCommand({
            TransactItems: [
              move(target.user_id, '+', gathered),
              ...takes.map(({ shard, take }) => move(shard.user_id, '-', take)),
            ],
          }),
        ),
      ctx.retryPolicy,
      ctx.onRetry,
    );
  } catch (error) {
    if (error instanceof TransactionCanceledException) return undefined;
    throw error;
  }
  logger.info('reserve: coins gathered into one shard', {
    into: target.user_id,
    coins: gathered,
    from: takes.map(({ shard, take }) => ({ shard: shard.user_id, coins: take })),
  });
  return target.user_id;
}
