import {
  AUDITED_RECORD_ATTRIBUTES,
  CapabilityAudit,
  confirmedCapabilityBreaches,
} from '#shared/audit/audit-capabilities';
import { checkpointFromNow, saveWalletCheckpoint } from '#shared/audit/audit-checkpoints';
import { forEachScanPage, inParallel } from '#shared/audit/audit-pages';
import { getItem, readReserveSnapshot, reserveProblems } from '#shared/audit/audit-reserve';
import { verifyWallet, type WalletItem } from '#shared/audit/audit-wallets';
import type { LedgerContext } from '#shared/ledger/context';
import type { TransactionRecord } from '#shared/ledger/transaction';
import { isReserveWallet } from '#shared/reserve/reserve-ids';

/**
 * The ledger's invariants, checked over the whole of it. Tests run this after every change of
 * state; `npm run audit` and the scheduled audit run the very same code.
 *  1. conservation: DASWOS AI's reserve + every user balance (+ held) = total supply. Not summed
 *     (a scan is no snapshot): it FOLLOWS from 6 (every record debits one wallet and credits
 *     another by the same amount, by construction of the posting), 4 (each wallet is the replay
 *     of its own records from its opening: a user's 0, the reserve root's the total minus what it
 *     moved to the shards, a shard's `base_balance`) and 2;
 *  2. the reserve (shared/reserve), on one TransactGetItems of the supply row, the root and every
 *     shard (a snapshot): the shards' bases sum to what the root moved to them, so coins moved
 *     between shards or into them are neither created nor lost; before the reserve was sharded,
 *     minted_amount = total - DASWOS AI balance;
 *  3. no wallet below zero, unless a clawback (refund or dispute) took it there;
 *  4. every wallet's balance is what replaying its history gives;
 *  5. no Checkout Session credited twice;
 *  6. every transaction has both sides: a positive whole amount between two existing wallets;
 *  7. purchases agree with the ledger: a `credited` purchase's transaction is the purchase of its
 *     session, for its coins, to its buyer; a `refunded` purchase was never credited;
 *  8-10. grants, giveaway caps and the admin log agree with the ledger (audit-admin.ts).
 * 11. holds: every hold's coins are either held or settled. A wallet's `held` is the sum of its
 *     `held` holds; a captured hold has exactly its spend record (captured amount, from its
 *     user); a voided or expired one none. Coins held count as the user's in 1 and 4.
 * 12-14. subscriptions: no invoice credited twice, invoices agree with the ledger, subscription
 *     items are consistent (shared/audit/subscription-invariants.ts).
 * 15. referral bonuses: at most one per side per referee, for their first credited purchase, each
 *     reversed at most once, and the referrers' counters agree (shared/audit/audit-referrals.ts).
 * 16. rewards: each occurrence paid once, every limit counter equal to the rewards it counts
 *     (shared/audit/audit-rewards.ts).
 *
 * The ledger is written while the audit reads it; no check reports what a half-read shows:
 *  - 2 is made on a consistent snapshot (TransactGetItems is serializable against postings and
 *    against moves between shards);
 *  - 3, 4 and the wallet side of 11 are per wallet, on ConsistentRead re-reads bracketing the
 *    re-query of its records (audit-wallets.ts says why that cannot report a false breach);
 *  - 6 is about records alone, which are written once and never change; a wallet a record names
 *    but the wallet scan missed (created after it) is looked up again before it is reported;
 *  - 5 and 7-16 compare two tables: only breaches that recur verbatim over fresh passes are
 *    reported (audit-capabilities.ts says why that suffices).
 * Memory: one page per scan segment, the wallets' ids (to check 6 without a second lookup), each
 * giveaway's id (its record only when it names a grant or batch, joined with those items), the
 * referral bonuses with the referral items, and the admin items other than log entries (kinds
 * bounded by what admins may give and by two bonuses per referred user). Every other record is
 * streamed and dropped: purchases, allowances, hold captures and rewards read what they name by
 * key as they pass (audit-capabilities.ts), transfers and spends need nothing more.
 * With `saveCheckpoints`, each wallet that agrees with its records gets a checkpoint
 * (audit-checkpoints.ts) from which the incremental audit replays it. Every such wallet, moved or
 * not: its checkpoint is summed from the opening, so a checkpoint item changed by hand (with the
 * wallet, where the incremental replay would agree with both) lasts until the next full audit
 * at most. That costs one write request per user per day, about $0.06 a day for 100,000 users.
 */
export interface AuditReport {
  readonly ok: boolean;
  readonly breaches: string[];
  /** Users' wallets, and DASWOS AI's as one (whatever the number of its reserve shards). */
  readonly wallets: number;
  readonly reserveShards: number;
  readonly transactions: number;
  readonly totalAmount: number;
  readonly mintedAmount: number;
  /**
   * Coins held by users (balances and holds) as the wallet scan saw them: a diagnostic, not a
   * snapshot (on a quiet ledger it equals mintedAmount).
   */
  readonly inCirculation: number;
  /** Of those, the coins reserved by active holds (same caveat). */
  readonly held: number;
  readonly holds: number;
  /** Wallets that kept moving through every re-read: not verified by this audit, not breached. */
  readonly unsettled: string[];
  /** Re-reads this audit made instead of reporting what a half-read showed (diagnostics). */
  readonly rechecked: {
    /** Wallets that disagreed with their records when first read, then were re-read. */
    readonly wallets: number;
    /** Cross-table breaches seen in one pass that a later pass did not confirm. */
    readonly dismissedCapabilityBreaches: number;
  };
}

export interface AuditOptions {
  /** Waits before each re-read of a wallet that disagrees with its records. */
  readonly settleDelaysMs?: readonly number[];
  /** Passes a capability breach must recur in to be reported (default 3). */
  readonly confirmPasses?: number;
  readonly confirmDelayMs?: number;
  /** Wallets verified at a time. */
  readonly concurrency?: number;
  /**
   * Write each wallet's checkpoint (audit-checkpoints.ts) when it agrees with its records, so
   * the next incremental audit replays it from there. Off by default: the audit then only reads.
   */
  readonly saveCheckpoints?: boolean;
  /**
   * How long before its start the checkpoints an audit hands on lie (CHECKPOINT_MARGIN_MS): it
   * must outlast the longest time between a posting's timestamp and its commit. Shorter only in
   * tests, which make checkpoints and use them within minutes.
   */
  readonly checkpointMarginMs?: number;
}

/** Invariant 6 on one record alone: a positive whole amount between two different wallets. */
export function recordProblems(
  tx: Pick<TransactionRecord, 'transaction_id' | 'amount' | 'from_user_id' | 'to_user_id'>,
): string[] {
  const id = tx.transaction_id;
  return [
    ...(!Number.isSafeInteger(tx.amount) || tx.amount < 1
      ? [`transaction ${id}: amount ${tx.amount}`]
      : []),
    ...(tx.from_user_id === tx.to_user_id
      ? [`transaction ${id}: from and to are both ${tx.to_user_id}`]
      : []),
  ];
}

export async function walletExists(ctx: LedgerContext, userId: string): Promise<boolean> {
  return (await getItem(ctx, ctx.tables.wallets, { user_id: userId })) !== undefined;
}

export async function auditLedger(
  ctx: LedgerContext,
  options: AuditOptions = {},
): Promise<AuditReport> {
  const nextCut = options.saveCheckpoints
    ? checkpointFromNow(options.checkpointMarginMs)
    : undefined;
  const reserve = reserveProblems(await readReserveSnapshot(ctx));
  const breaches: string[] = [...reserve.breaches];
  const { totalAmount, mintedAmount } = reserve;

  // Wallets first: every record the transactions scan then sees names wallets created before it.
  const walletIds = new Set<string>();
  const unsettled: string[] = [];
  let inCirculation = 0;
  let held = 0;
  let recheckedWallets = 0;
  await forEachScanPage<WalletItem>(ctx, ctx.tables.wallets, async (page) => {
    for (const wallet of page) {
      walletIds.add(wallet.user_id);
      if (isReserveWallet(wallet.user_id)) continue;
      inCirculation += wallet.balance + (wallet.held ?? 0);
      held += wallet.held ?? 0;
    }
    await inParallel(page, options.concurrency ?? 8, async (wallet) => {
      const verdict = await verifyWallet(ctx, wallet, totalAmount, options.settleDelaysMs, {
        nextCut,
      });
      if (verdict.kind !== 'ok' || verdict.rechecked) recheckedWallets += 1;
      if (verdict.kind === 'breach') breaches.push(...verdict.breaches);
      if (verdict.kind === 'unsettled') unsettled.push(wallet.user_id);
      if (verdict.kind === 'ok' && verdict.checkpoint)
        await saveWalletCheckpoint(ctx, wallet.user_id, verdict.checkpoint);
    });
  });

  let transactions = 0;
  const unknownWallets = new Map<string, string>();
  const capabilityAudit = new CapabilityAudit(ctx, options.concurrency);
  await forEachScanPage<TransactionRecord>(
    ctx,
    ctx.tables.transactions,
    async (page) => {
      for (const tx of page) {
        transactions += 1;
        breaches.push(...recordProblems(tx));
        for (const side of [tx.from_user_id, tx.to_user_id]) {
          if (!walletIds.has(side)) unknownWallets.set(side, tx.transaction_id);
        }
      }
      await capabilityAudit.records(page);
    },
    { attributes: AUDITED_RECORD_ATTRIBUTES },
  );
  await inParallel([...unknownWallets], options.concurrency ?? 8, async ([userId, id]) => {
    if (!(await walletExists(ctx, userId)))
      breaches.push(`transaction ${id}: wallet ${userId} does not exist`);
  });

  const firstPass = await capabilityAudit.finish();
  const capabilities = await confirmedCapabilityBreaches(ctx, firstPass, {
    passes: options.confirmPasses ?? 3,
    delayMs: options.confirmDelayMs ?? 200,
  });
  breaches.push(...capabilities.breaches);

  return {
    ok: breaches.length === 0,
    breaches,
    wallets: [...walletIds].filter((id) => !isReserveWallet(id)).length + 1,
    reserveShards: reserve.shards,
    transactions,
    totalAmount,
    mintedAmount,
    inCirculation,
    held,
    holds: capabilities.holds,
    unsettled,
    rechecked: {
      wallets: recheckedWallets,
      dismissedCapabilityBreaches: firstPass.breaches.length - capabilities.breaches.length,
    },
  };
}
