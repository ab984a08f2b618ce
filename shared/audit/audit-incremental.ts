import {
  checkedByKey,
  type KeyedRecord,
  recordProblemsByKey,
} from '#shared/audit/audit-capabilities';
import {
  checkpointFromNow,
  readWalletCheckpoint,
  saveWalletCheckpoint,
} from '#shared/audit/audit-checkpoints';
import type { AuditOptions } from '#shared/audit/audit-ledger';
import { recordProblems } from '#shared/audit/audit-ledger';
import { forEachScanPage, inParallel, sleep } from '#shared/audit/audit-pages';
import { getItem, readReserveSnapshot, reserveProblems } from '#shared/audit/audit-reserve';
import { verifyWallet, type WalletItem } from '#shared/audit/audit-wallets';
import type { LedgerContext } from '#shared/ledger/context';
import { isReserveWallet } from '#shared/reserve/reserve-ids';

export interface IncrementalAuditReport {
  readonly ok: boolean;
  readonly breaches: string[];
  /** Wallets written from here were verified (an earlier audit's `checkpoint`). */
  readonly since: string;
  /** Records read by the wallets' replays (each once per side replayed): their records since. */
  readonly recordsReplayed: number;
  /** Wallets verified: written since, or named by a record of one of those (shards included). */
  readonly walletsVerified: number;
  /** Of those, the wallets replayed from a checkpoint of theirs rather than from the opening. */
  readonly fromCheckpoint: number;
  readonly reserveShards: number;
  readonly totalAmount: number;
  readonly mintedAmount: number;
  readonly unsettled: string[];
  readonly rechecked: { readonly wallets: number };
  /** Where the next incremental audit may start: this one's start, less the margin. */
  readonly checkpoint: string;
}

/**
 * The money invariants over what moved since `since` (an earlier audit's `checkpoint`): the
 * reserve on its snapshot (2), and every wallet written since (`last_updated`, which every
 * posting sets) replayed by the same `verifyWallet` as the full audit (1, 3, 4 and the wallet
 * side of 11), so it cannot report a breach the full audit would not. Each replay starts at the
 * wallet's own checkpoint when an earlier audit left one, so its cost is the records since, not
 * the wallet's history; the records it reads are checked on their own (6), and a wallet one of
 * them names that did not move since is verified too (a record without its balance change on
 * that side) or reported missing.
 *
 * Each record since that a purchase, an allowance, a hold capture or a reward wrote is also
 * checked against what it names, by key (5, 7, 11-13 and 16 from the record's side), confirmed
 * over re-reads as the full audit's cross-table checks are.
 *
 * No index of records by time is needed (nor paid for on every posting): what moved is found by
 * a filtered scan of the wallets, whose size is the number of users, not of postings.
 * Memory: one page of wallets per scan segment, the ids of the wallets verified.
 * What it does not check, left to the full audit (run daily): a change made without a posting
 * (a hand edit that leaves `last_updated` alone, a record planted between wallets that did not
 * move, or below a checkpoint's cut), and the cross-table invariants from the items' side and
 * those that join every record of a kind (grants, give caps, batches, referrals, counters).
 */
export async function auditLedgerSince(
  ctx: LedgerContext,
  since: string,
  options: AuditOptions = {},
): Promise<IncrementalAuditReport> {
  const checkpoint = checkpointFromNow(options.checkpointMarginMs);
  const reserve = reserveProblems(await readReserveSnapshot(ctx));
  const breaches: string[] = [...reserve.breaches];
  const concurrency = options.concurrency ?? 8;
  const verified = new Set<string>();
  const named = new Map<string, string>();
  const unsettled: string[] = [];
  let recordsReplayed = 0;
  let fromCheckpoint = 0;
  let rechecked = 0;

  const verify = async (wallet: WalletItem) => {
    verified.add(wallet.user_id);
    const keyed: KeyedRecord[] = [];
    const from = await readWalletCheckpoint(ctx, wallet.user_id);
    if (from) fromCheckpoint += 1;
    const verdict = await verifyWallet(ctx, wallet, reserve.totalAmount, options.settleDelaysMs, {
      from,
      nextCut: options.saveCheckpoints ? checkpoint : undefined,
      onRecord: (record, otherSide) => {
        recordsReplayed += 1;
        // Older records were the earlier audits' to check (and would name half the ledger).
        if (record.history_key < since) return;
        breaches.push(...recordProblems(record));
        // Checked from its user's side only (a mint's or a capture's other side is the reserve).
        if (checkedByKey(record) && isReserveWallet(otherSide)) keyed.push(record);
        if (!verified.has(otherSide) && !named.has(otherSide))
          named.set(otherSide, record.transaction_id);
      },
    });
    if (verdict.kind !== 'ok' || verdict.rechecked) rechecked += 1;
    if (verdict.kind === 'breach') breaches.push(...verdict.breaches);
    if (verdict.kind === 'unsettled') unsettled.push(wallet.user_id);
    if (verdict.kind === 'ok' && verdict.checkpoint)
      await saveWalletCheckpoint(ctx, wallet.user_id, verdict.checkpoint);
    await inParallel(keyed, 2, async (record) => {
      breaches.push(...(await confirmedProblemsByKey(ctx, record, options)));
    });
  };

  await forEachScanPage<WalletItem>(
    ctx,
    ctx.tables.wallets,
    (page) => inParallel(page, concurrency, verify),
    { since: { attribute: 'last_updated', from: since } },
  );
  // Wallets named by a record since that did not move since themselves: a posting moves both
  // of its wallets, so only a record without its balance change (or a missing wallet) gets here.
  while (named.size > 0) {
    const pending = [...named].filter(([walletId]) => !verified.has(walletId));
    named.clear();
    await inParallel(pending, concurrency, async ([walletId, namedBy]) => {
      if (verified.has(walletId)) return;
      const wallet = await getItem<WalletItem>(ctx, ctx.tables.wallets, { user_id: walletId });
      if (wallet) await verify(wallet);
      else breaches.push(`transaction ${namedBy}: wallet ${walletId} does not exist`);
    });
  }

  // A record is read from both of its sides: its own problems are named once.
  const distinct = [...new Set(breaches)];
  return {
    ok: distinct.length === 0,
    breaches: distinct,
    since,
    recordsReplayed,
    walletsVerified: verified.size,
    fromCheckpoint,
    reserveShards: reserve.shards,
    totalAmount: reserve.totalAmount,
    mintedAmount: reserve.mintedAmount,
    unsettled,
    rechecked: { wallets: rechecked },
    checkpoint,
  };
}

/**
 * A record's cross-table problems (recordProblemsByKey), reported only when they recur verbatim
 * over `confirmPasses` reads `confirmDelayMs` apart: as in the full audit's passes, a record
 * read while the item it names moves on may disagree once, never the same way every time.
 */
async function confirmedProblemsByKey(
  ctx: LedgerContext,
  record: KeyedRecord,
  options: AuditOptions,
): Promise<string[]> {
  let confirmed = await recordProblemsByKey(ctx, record);
  for (let pass = 1; pass < (options.confirmPasses ?? 3) && confirmed.length > 0; pass += 1) {
    await sleep(options.confirmDelayMs ?? 200);
    const again = new Set(await recordProblemsByKey(ctx, record));
    confirmed = confirmed.filter((problem) => again.has(problem));
  }
  return confirmed;
}
