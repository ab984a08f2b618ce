import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { withRetry } from '#shared/dynamo/retry';
import type { LedgerContext } from '#shared/ledger/context';
import { TOTAL_SUPPLY } from '#shared/ledger/rules';
import {
  type ReserveRoot,
  readReserveItems,
  reserveShardCount,
  SUPPLY_ROW_ID,
  type SupplyRow,
} from '#shared/reserve/reserve';
import {
  DEFAULT_RESERVE_SHARDS,
  MAX_RESERVE_SHARDS,
  RESERVE_ROOT_ID,
  reserveShardIds,
  splitAcrossShards,
} from '#shared/reserve/reserve-ids';

export type SeedOutcome =
  /** A new ledger: the supply row, the root and the shards holding every coin. */
  | 'seeded'
  /** A ledger seeded before the reserve was sharded: its DASWOS AI coins moved into shards. */
  | 'sharded'
  /** Already sharded: nothing changed. */
  | 'unchanged';

export interface SeedOptions {
  readonly totalAmount?: number | undefined;
  readonly shards?: number | undefined;
}

/** A ledger whose figures disagree before the move: moving it would bake the error in. */
export class UnbalancedLegacyLedgerError extends Error {
  constructor(detail: string) {
    super(`The ledger cannot be moved into reserve shards: ${detail}; run the audit`);
    this.name = 'UnbalancedLegacyLedgerError';
  }
}

/**
 * Seeds the ledger, or brings one seeded before the reserve was sharded up to date. Idempotent,
 * and safe while the ledger is in use: each branch is ONE conditioned TransactWriteItems.
 *  - new: the supply row (total, shard count), the root at 0 with `moved_to_shards` = total, and
 *    the shards holding the total between them (each with that share as `base_balance`);
 *  - seeded before sharding (a root holding DASWOS AI's coins, a `minted_amount` on the supply
 *    row): the root's balance B moves into new shards, conditioned on B and `minted_amount` being
 *    what was read and agreeing (minted = total - B), and `minted_amount` is removed — from then
 *    on it is derived from the shards. A posting that commits in between fails the condition and
 *    the move is read and tried again: no coin is created or lost;
 *  - already sharded: nothing (the shard count stays what it is).
 */
export async function seedLedger(
  ctx: LedgerContext,
  options: SeedOptions = {},
): Promise<SeedOutcome> {
  const totalAmount = options.totalAmount ?? TOTAL_SUPPLY;
  const shards = options.shards ?? DEFAULT_RESERVE_SHARDS;
  if (!Number.isInteger(shards) || shards < 1 || shards > MAX_RESERVE_SHARDS) {
    throw new Error(`The reserve needs 1 to ${MAX_RESERVE_SHARDS} shards, not ${shards}`);
  }
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const { supply, root } = await readReserveItems(ctx, 0);
    if (supply?.reserve_shards !== undefined) return 'unchanged';
    if (Boolean(supply) !== Boolean(root)) {
      throw new UnbalancedLegacyLedgerError('only one of the supply row and DASWOS AI exists');
    }
    const now = ctx.now().toISOString();
    const write =
      supply && root
        ? shardLegacy(ctx, supply, root, shards, now)
        : seedNew(ctx, totalAmount, shards, now);
    try {
      await withRetry(
        () => ctx.db.send(new TransactWriteCommand({ TransactItems: write })),
        ctx.retryPolicy,
        ctx.onRetry,
      );
      await reserveShardCount(ctx, true);
      return supply ? 'sharded' : 'seeded';
    } catch (error) {
      // Another seed, or a posting of the old code, committed first: read again and decide again.
      if (!(error instanceof TransactionCanceledException)) throw error;
    }
  }
  throw new Error('The ledger kept changing while it was moved into reserve shards; try again');
}

function shardPuts(ctx: LedgerContext, coins: number, shards: number, now: string) {
  const shares = splitAcrossShards(coins, shards);
  return reserveShardIds(shards).map((walletId, index) => ({
    Put: {
      TableName: ctx.tables.wallets,
      Item: {
        user_id: walletId,
        balance: shares[index] ?? 0,
        base_balance: shares[index] ?? 0,
        created_at: now,
        last_updated: now,
      },
      ConditionExpression: 'attribute_not_exists(user_id)',
    },
  }));
}

function seedNew(ctx: LedgerContext, totalAmount: number, shards: number, now: string) {
  return [
    {
      Put: {
        TableName: ctx.tables.supply,
        Item: {
          id: SUPPLY_ROW_ID,
          total_amount: totalAmount,
          reserve_shards: shards,
          creation_date: now,
        },
        ConditionExpression: 'attribute_not_exists(id)',
      },
    },
    {
      Put: {
        TableName: ctx.tables.wallets,
        Item: {
          user_id: RESERVE_ROOT_ID,
          balance: 0,
          moved_to_shards: totalAmount,
          created_at: now,
          last_updated: now,
        },
        ConditionExpression: 'attribute_not_exists(user_id)',
      },
    },
    ...shardPuts(ctx, totalAmount, shards, now),
  ];
}

function shardLegacy(
  ctx: LedgerContext,
  supply: SupplyRow,
  root: ReserveRoot,
  shards: number,
  now: string,
) {
  const held = root.balance;
  const minted = supply.minted_amount;
  if (minted === undefined || minted !== supply.total_amount - held) {
    throw new UnbalancedLegacyLedgerError(
      `minted_amount ${minted} != total ${supply.total_amount} - DASWOS AI ${held}`,
    );
  }
  return [
    {
      Update: {
        TableName: ctx.tables.supply,
        Key: { id: SUPPLY_ROW_ID },
        UpdateExpression: 'SET reserve_shards = :shards, sharded_at = :now REMOVE minted_amount',
        ConditionExpression: 'minted_amount = :minted AND attribute_not_exists(reserve_shards)',
        ExpressionAttributeValues: { ':shards': shards, ':now': now, ':minted': minted },
      },
    },
    {
      Update: {
        TableName: ctx.tables.wallets,
        Key: { user_id: RESERVE_ROOT_ID },
        UpdateExpression: 'SET balance = :zero, moved_to_shards = :held, last_updated = :now',
        ConditionExpression: 'balance = :held AND attribute_not_exists(moved_to_shards)',
        ExpressionAttributeValues: { ':zero': 0, ':held': held, ':now': now },
      },
    },
    ...shardPuts(ctx, held, shards, now),
  ];
}
