import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { auditAdminItems } from '#shared/audit/audit-admin';
import { auditHolds } from '#shared/audit/audit-holds';
import { referralBreaches } from '#shared/audit/audit-referrals';
import { rewardBreaches } from '#shared/audit/audit-rewards';
import { subscriptionBreaches } from '#shared/audit/subscription-invariants';
import { readPages } from '#shared/dynamo/read-pages';
import type { HoldItem } from '#shared/holds/hold';
import type { LedgerContext } from '#shared/ledger/context';
import { SUPPLY_ROW_ID } from '#shared/ledger/post-transaction';
import { SYSTEM_USER_ID } from '#shared/ledger/rules';
import type { TransactionRecord } from '#shared/ledger/transaction';
import type { PurchaseItem } from '#shared/purchases/purchase';
import { referralSettings } from '#shared/referrals/settings';
import type { RewardCounterItem } from '#shared/rewards/counters';
import type { SubscriptionsTableItem } from '#shared/subscriptions/subscription';

/**
 * The ledger's invariants, checked over the whole of it. Tests run this after every change of
 * state; `npm run audit` and the scheduled audit run the very same code.
 *  1. conservation: DASWOS AI balance + every user balance = total supply;
 *  2. minted_amount = total - DASWOS AI balance;
 *  3. no wallet below zero, unless a clawback (refund or dispute) took it there;
 *  4. every wallet's balance is what replaying its history gives;
 *  5. no Checkout Session credited twice;
 *  6. every transaction has both sides: a positive whole amount between two existing wallets;
 *  7. purchases agree with the ledger: a `credited` purchase's transaction is the purchase of its
 *     session, for its coins, to its buyer; a `refunded` purchase was never credited;
 *  8-10. grants, giveaway caps and the admin log agree with the ledger (audit-admin.ts).
 * 11. holds: every hold's coins are either held or settled. A wallet's `held` is the sum of its
 *     `held` holds; a captured hold has exactly its spend record (captured amount, from its
 *     user); a voided or expired one none. Coins held count as the user's in 1 and 4:
 *     DASWOS AI + sum(balance + held) = total supply.
 * 12-14. subscriptions: no invoice credited twice, invoices agree with the ledger, subscription
 *     items are consistent (shared/audit/subscription-invariants.ts).
 * 15. referral bonuses: at most one per side per referee, for their first credited purchase, each
 *     reversed at most once, and the referrers' counters agree (shared/audit/audit-referrals.ts).
 * 16. rewards: each occurrence paid once, every limit counter equal to the rewards it counts
 *     (shared/audit/audit-rewards.ts).
 */
export interface AuditReport {
  readonly ok: boolean;
  readonly breaches: string[];
  readonly wallets: number;
  readonly transactions: number;
  readonly totalAmount: number;
  readonly mintedAmount: number;
  /** Coins held by users (balances and holds): the minted coins as the wallets see them. */
  readonly inCirculation: number;
  /** Of those, the coins reserved by active holds. */
  readonly held: number;
  readonly holds: number;
}

async function scanAll<T>(ctx: LedgerContext, tableName: string, segments = 4): Promise<T[]> {
  const parts = await Promise.all(
    Array.from({ length: segments }, (_, segment) =>
      readPages<T>(
        (startKey) =>
          ctx.db.send(
            new ScanCommand({
              TableName: tableName,
              Segment: segment,
              TotalSegments: segments,
              ExclusiveStartKey: startKey,
              ConsistentRead: true,
            }),
          ),
        { retryPolicy: ctx.retryPolicy, onRetry: ctx.onRetry },
      ),
    ),
  );
  return parts.flat();
}

interface WalletItem {
  user_id: string;
  balance: number;
  held?: number;
}

interface SupplyItem {
  id: string;
  total_amount: number;
  minted_amount: number;
}

const CLAWBACK_TYPES = new Set(['refund', 'dispute']);

export async function auditLedger(ctx: LedgerContext): Promise<AuditReport> {
  const [
    supplyRows,
    wallets,
    transactions,
    purchases,
    adminItems,
    holds,
    subscriptionItems,
    referrals,
    rewardCounters,
  ] = await Promise.all([
    scanAll<SupplyItem>(ctx, ctx.tables.supply, 1),
    scanAll<WalletItem>(ctx, ctx.tables.wallets),
    scanAll<TransactionRecord>(ctx, ctx.tables.transactions),
    scanAll<PurchaseItem>(ctx, ctx.tables.purchases),
    scanAll<Record<string, unknown>>(ctx, ctx.tables.admin, 1),
    scanAll<HoldItem>(ctx, ctx.tables.holds),
    scanAll<SubscriptionsTableItem>(ctx, ctx.tables.subscriptions),
    scanAll<Record<string, unknown>>(ctx, ctx.tables.referrals, 1),
    scanAll<RewardCounterItem>(ctx, ctx.tables.rewardCounters, 1),
  ]);
  const breaches: string[] = [];
  const supply = supplyRows.find((row) => row.id === SUPPLY_ROW_ID);
  const balances = new Map(wallets.map((wallet) => [wallet.user_id, wallet.balance]));
  const system = balances.get(SYSTEM_USER_ID);
  if (!supply || system === undefined) {
    breaches.push('the ledger is not seeded: the supply row or the DASWOS AI wallet is missing');
  }
  const totalAmount = supply?.total_amount ?? 0;
  const mintedAmount = supply?.minted_amount ?? 0;
  const userWallets = wallets.filter((wallet) => wallet.user_id !== SYSTEM_USER_ID);
  const held = userWallets.reduce((sum, wallet) => sum + (wallet.held ?? 0), 0);
  const inCirculation = userWallets.reduce((sum, wallet) => sum + wallet.balance, 0) + held;

  if (supply && system !== undefined) {
    if (system + inCirculation !== totalAmount) {
      breaches.push(
        `conservation: DASWOS AI ${system} + users ${inCirculation} = ${system + inCirculation}, total is ${totalAmount}`,
      );
    }
    if (mintedAmount !== totalAmount - system) {
      breaches.push(`minted_amount ${mintedAmount} != total ${totalAmount} - DASWOS AI ${system}`);
    }
  }

  const replayed = new Map<string, number>();
  const clawedBack = new Set<string>();
  const purchasesBySession = new Map<string, string[]>();
  for (const tx of transactions) {
    const id = tx.transaction_id;
    if (!Number.isSafeInteger(tx.amount) || tx.amount < 1)
      breaches.push(`transaction ${id}: amount ${tx.amount}`);
    if (tx.from_user_id === tx.to_user_id)
      breaches.push(`transaction ${id}: from and to are both ${tx.to_user_id}`);
    for (const side of [tx.from_user_id, tx.to_user_id]) {
      if (!balances.has(side)) breaches.push(`transaction ${id}: wallet ${side} does not exist`);
    }
    replayed.set(tx.from_user_id, (replayed.get(tx.from_user_id) ?? 0) - tx.amount);
    replayed.set(tx.to_user_id, (replayed.get(tx.to_user_id) ?? 0) + tx.amount);
    if (CLAWBACK_TYPES.has(tx.transaction_type)) clawedBack.add(tx.from_user_id);
    // A referral bonus taken back after a full refund is a clawback too.
    if (tx.transaction_type === 'referral' && tx.to_user_id === SYSTEM_USER_ID)
      clawedBack.add(tx.from_user_id);
    if (tx.transaction_type === 'purchase' && tx.reference_id) {
      purchasesBySession.set(tx.reference_id, [
        ...(purchasesBySession.get(tx.reference_id) ?? []),
        id,
      ]);
    }
  }

  for (const wallet of wallets) {
    const opening = wallet.user_id === SYSTEM_USER_ID ? totalAmount : 0;
    const fromHistory = opening + (replayed.get(wallet.user_id) ?? 0);
    const owned = wallet.balance + (wallet.held ?? 0);
    if (fromHistory !== owned) {
      breaches.push(
        `wallet ${wallet.user_id}: balance ${wallet.balance} + held ${wallet.held ?? 0}, its history gives ${fromHistory}`,
      );
    }
    if (wallet.balance < 0 && !clawedBack.has(wallet.user_id)) {
      breaches.push(
        `wallet ${wallet.user_id}: balance ${wallet.balance} is below zero without a clawback`,
      );
    }
  }
  for (const [session, ids] of purchasesBySession) {
    if (ids.length > 1)
      breaches.push(`checkout session ${session} credited ${ids.length} times: ${ids.join(', ')}`);
  }

  breaches.push(...purchaseBreaches(purchases, transactions));
  breaches.push(...auditAdminItems(adminItems, transactions));
  breaches.push(...auditHolds(wallets, holds, transactions));
  breaches.push(...subscriptionBreaches(subscriptionItems, transactions));
  breaches.push(...referralBreaches(transactions, referrals, referralSettings().maxPerReferrer));
  breaches.push(...rewardBreaches(transactions, rewardCounters));

  return {
    ok: breaches.length === 0,
    breaches,
    wallets: wallets.length,
    transactions: transactions.length,
    totalAmount,
    mintedAmount,
    inCirculation,
    held,
    holds: holds.length,
  };
}

/** Invariant 7: each purchase's status agrees with the ledger's records of its session. */
function purchaseBreaches(
  purchases: readonly PurchaseItem[],
  transactions: readonly TransactionRecord[],
): string[] {
  const breaches: string[] = [];
  const byId = new Map(transactions.map((tx) => [tx.transaction_id, tx]));
  const creditedSessions = new Set(
    transactions.filter((tx) => tx.transaction_type === 'purchase').map((tx) => tx.reference_id),
  );
  for (const purchase of purchases) {
    const session = purchase.session_id;
    if (purchase.status === 'credited') {
      const tx = purchase.transaction_id ? byId.get(purchase.transaction_id) : undefined;
      const matches =
        tx !== undefined &&
        tx.transaction_type === 'purchase' &&
        tx.reference_id === session &&
        tx.amount === purchase.coins &&
        tx.to_user_id === purchase.user_id;
      if (!matches) {
        breaches.push(`purchase ${session}: credited, but no matching purchase transaction`);
      }
    } else if (creditedSessions.has(session)) {
      breaches.push(`purchase ${session}: ${purchase.status}, but the session was credited`);
    }
  }
  return breaches;
}
