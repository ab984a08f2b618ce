import {
  CHECKPOINT_MARGIN_MS,
  checkpointFromNow,
  readLedgerCheckpoint,
  saveLedgerCheckpoint,
} from '#shared/audit/audit-checkpoints';
import { auditLedgerSince } from '#shared/audit/audit-incremental';
import { auditLedger } from '#shared/audit/audit-ledger';
import type { LedgerContext } from '#shared/ledger/context';

/** The hour (UTC) whose run audits the whole ledger; the other runs audit what moved since. */
export const FULL_AUDIT_HOUR_UTC = 3;
const RUN_EVERY_MS = 60 * 60_000;

export interface ScheduledAuditOutcome {
  readonly ok: boolean;
  readonly breaches: string[];
  readonly unsettled: string[];
  /** What the run covered, for its log line and its result. */
  readonly summary: Record<string, unknown>;
}

/**
 * One run of the hourly audit. Once a day, and whenever it is invoked without a scheduled time,
 * the full audit; every other hour the incremental one, from the checkpoint the last passing
 * run stored (or, before any, the hour before plus the margin). Both write each verified
 * wallet's checkpoint, so the next incremental run replays only what moved after it. Only a
 * run that passes moves the ledger's checkpoint on: after a breach, or a run that did not end,
 * the next run covers that window again, and nothing is skipped.
 */
export async function runScheduledAudit(
  ctx: LedgerContext,
  scheduledAt?: Date,
): Promise<ScheduledAuditOutcome> {
  const options = { saveCheckpoints: true };
  if (
    scheduledAt &&
    !Number.isNaN(scheduledAt.getTime()) &&
    scheduledAt.getUTCHours() !== FULL_AUDIT_HOUR_UTC
  ) {
    const since =
      (await readLedgerCheckpoint(ctx)) ??
      new Date(scheduledAt.getTime() - RUN_EVERY_MS - CHECKPOINT_MARGIN_MS).toISOString();
    const report = await auditLedgerSince(ctx, since, options);
    if (report.ok) await saveLedgerCheckpoint(ctx, report.checkpoint);
    const { walletsVerified, fromCheckpoint, recordsReplayed, checkpoint } = report;
    return {
      ...report,
      summary: {
        audit: 'incremental',
        since,
        walletsVerified,
        fromCheckpoint,
        recordsReplayed,
        checkpoint,
      },
    };
  }
  const checkpoint = checkpointFromNow();
  const report = await auditLedger(ctx, options);
  if (report.ok) await saveLedgerCheckpoint(ctx, checkpoint);
  const { wallets, transactions, inCirculation, mintedAmount, totalAmount } = report;
  return {
    ...report,
    summary: { audit: 'full', wallets, transactions, inCirculation, mintedAmount, totalAmount },
  };
}
