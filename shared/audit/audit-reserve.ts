import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { WalletItem } from '#shared/audit/audit-wallets';
import { withRetry } from '#shared/dynamo/retry';
import type { LedgerContext } from '#shared/ledger/context';
import { readReserveItems, SUPPLY_ROW_ID, type SupplyRow } from '#shared/reserve/reserve';
import { reserveShardIds } from '#shared/reserve/reserve-ids';

/**
 * Invariant 2 on a snapshot: the supply row, the reserve's root and every shard in one
 * transaction (the shard count first, from the row; read again if it changed in between). Works
 * on a ledger seeded before sharding too (no shards), so it can be audited before the move.
 */
export async function readReserveSnapshot(ctx: LedgerContext) {
  const countOf = (row: SupplyRow | undefined) => row?.reserve_shards ?? 0;
  let count = countOf(await getItem<SupplyRow>(ctx, ctx.tables.supply, { id: SUPPLY_ROW_ID }));
  for (;;) {
    const items = await readReserveItems(ctx, count);
    if (countOf(items.supply) !== count) {
      count = countOf(items.supply);
      continue;
    }
    const shards = reserveShardIds(count).map((walletId, index) => ({
      walletId,
      item: items.shards[index] as WalletItem | undefined,
    }));
    return { supply: items.supply, root: items.root as WalletItem | undefined, shards };
  }
}

export async function getItem<T>(
  ctx: LedgerContext,
  tableName: string,
  key: Record<string, string>,
): Promise<T | undefined> {
  const result = await withRetry(
    () => ctx.db.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true })),
    ctx.retryPolicy,
    ctx.onRetry,
  );
  return result.Item as T | undefined;
}

/** Invariant 2's breaches, and the minted figure of the snapshot. */
export function reserveProblems(snapshot: Awaited<ReturnType<typeof readReserveSnapshot>>) {
  const { supply, root, shards } = snapshot;
  const breaches: string[] = [];
  if (!supply || !root) {
    breaches.push('the ledger is not seeded: the supply row or the DASWOS AI wallet is missing');
    return { breaches, totalAmount: supply?.total_amount ?? 0, mintedAmount: 0, shards: 0 };
  }
  const totalAmount = supply.total_amount;
  let reserve = root.balance;
  let bases = 0;
  for (const { walletId, item } of shards) {
    if (!item) {
      breaches.push(`reserve shard ${walletId}: missing (the supply row counts ${shards.length})`);
      continue;
    }
    reserve += item.balance;
    bases += item.base_balance ?? 0;
    if (item.base_balance === undefined)
      breaches.push(`reserve shard ${walletId}: no base_balance`);
  }
  const mintedAmount = totalAmount - reserve;
  if (supply.reserve_shards === undefined) {
    if (supply.minted_amount !== mintedAmount)
      breaches.push(
        `minted_amount ${supply.minted_amount} != total ${totalAmount} - DASWOS AI ${root.balance}`,
      );
  } else {
    if (supply.minted_amount !== undefined)
      breaches.push(`supply: minted_amount ${supply.minted_amount} is left beside the shards`);
    if (root.moved_to_shards !== bases)
      breaches.push(
        `reserve: the shards' bases sum to ${bases}, the root moved ${root.moved_to_shards} to them`,
      );
  }
  return { breaches, totalAmount, mintedAmount, shards: shards.length };
}
