import { AUDITED_RECORD_ATTRIBUTES } from '#shared/audit/audit-capabilities';
import type { AuditOptions } from '#shared/audit/audit-ledger';
import { recordProblems } from '#shared/audit/audit-ledger';
import { forEachScanPage, inParallel } from '#shared/audit/audit-pages';
import { getItem, readReserveSnapshot, reserveProblems } from '#shared/audit/audit-reserve';
import { verifyWallet, type WalletItem } from '#shared/audit/audit-wallets';
import type { LedgerContext } from '#shared/ledger/context';
import type { TransactionRecord } from '#shared/ledger/transaction';

export interface IncrementalAuditReport {
  readonly ok: boolean;
  readonly breaches: string[];
  /** Records timestamped from here, and wallets written from here, were examined. */
  readonly since: string;
  /** Records examined: those since the checkpoint. */
  readonly transactions: number;
  /** Wallets verified: written since, or named by a record since (reserve shards included). */
  readonly walletsVerified: number;
  readonly reserveShards: number;
  readonly totalAmount: number;
  readonly mintedAmount: number;
  readonly unsettled: string[];
  readonly rechecked: { readonly wallets: number };
  /** Where the next incremental audit may start: this one's start, less the margin. */
  readonly checkpoint: string;
}

/**
 * Postings are timestamped by their writer's clock just before they commit; a record older than
 * this when it commits (a stalled writer) could slip behind a checkpoint. API calls end within
 * 29 s, so five minutes leaves a wide margin.
 */
export const CHECKPOINT_MARGIN_MS = 5 * 60_000;

/**
 * The money invariants over what moved since `since` (an earlier audit's `checkpoint`): the
 * reserve on its snapshot (2), each record since on its own (6), and the replay of every wallet
 * written since or named by a record since (1, 3, 4 and the wallet side of 11), by the same
 * `verifyWallet` as the full audit — so it cannot report a breach the full audit would not.
 * Its memory is the ids of those wallets and one page per scan segment, whatever the ledger's
 * size. What it does not check: a wallet changed since WITHOUT its `last_updated` and without a
 * record (only a hand edit does that), and the cross-table invariants (5, 7–16), which join
 * every record of a kind with its items: those are the full audit's, which should still run,
 * e.g. daily. The scans still read whole tables (a filter saves memory, not reads).
 */
export async function auditLedgerSince(
  ctx: LedgerContext,
  since: string,
  options: AuditOptions = {},
): Promise<IncrementalAuditReport> {
  const checkpoint = new Date(Date.now() - CHECKPOINT_MARGIN_MS).toISOString();
  const reserve = reserveProblems(await readReserveSnapshot(ctx));
  const breaches: string[] = [...reserve.breaches];
  const touched = new Map<string, string | undefined>();

  let transactions = 0;
  await forEachScanPage<TransactionRecord>(
    ctx,
    ctx.tables.transactions,
    (page) => {
      for (const tx of page) {
        transactions += 1;
        breaches.push(...recordProblems(tx));
        for (const side of [tx.from_user_id, tx.to_user_id]) {
          if (!touched.has(side)) touched.set(side, tx.transaction_id);
        }
      }
    },
    { attributes: AUDITED_RECORD_ATTRIBUTES, since: { attribute: 'timestamp', from: since } },
  );
  await forEachScanPage<Pick<WalletItem, 'user_id'>>(
    ctx,
    ctx.tables.wallets,
    (page) => {
      for (const wallet of page)
        if (!touched.has(wallet.user_id)) touched.set(wallet.user_id, undefined);
    },
    { attributes: ['user_id'], since: { attribute: 'last_updated', from: since } },
  );

  const unsettled: string[] = [];
  let rechecked = 0;
  await inParallel([...touched], options.concurrency ?? 8, async ([walletId, namedBy]) => {
    const wallet = await getItem<WalletItem>(ctx, ctx.tables.wallets, { user_id: walletId });
    if (!wallet) {
      breaches.push(`transaction ${namedBy}: wallet ${walletId} does not exist`);
      return;
    }
    const verdict = await verifyWallet(ctx, wallet, reserve.totalAmount, options.settleDelaysMs);
    if (verdict.kind !== 'ok' || verdict.rechecked) rechecked += 1;
    if (verdict.kind === 'breach') breaches.push(...verdict.breaches);
    if (verdict.kind === 'unsettled') unsettled.push(walletId);
  });

  return {
    ok: breaches.length === 0,
    breaches,
    since,
    transactions,
    walletsVerified: touched.size,
    reserveShards: reserve.shards,
    totalAmount: reserve.totalAmount,
    mintedAmount: reserve.mintedAmount,
    unsettled,
    rechecked: { wallets: rechecked },
    checkpoint,
  };
}
