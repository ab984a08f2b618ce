import { auditLedgerSince, CHECKPOINT_MARGIN_MS } from '#shared/audit/audit-incremental';
import { auditLedger } from '#shared/audit/audit-ledger';
import { LedgerBreachError } from '#shared/audit/ledger-breach-error';
import { defaultLedger } from '#shared/ledger/ledger';
import { logger } from '#shared/logger';

/** The hour (UTC) whose run audits the whole ledger; the other runs audit the hour before. */
export const FULL_AUDIT_HOUR_UTC = 3;
const RUN_EVERY_MS = 60 * 60_000;

/**
 * Scheduled (EventBridge, hourly) audit of the ledger, read-only. Once a day, and whenever it is
 * invoked without a scheduled time, the full audit; every other hour the incremental one over
 * what moved since the previous run's start (less the margin), which needs no stored checkpoint:
 * a run that did not happen leaves its hour to the next full audit. A breach is logged item by
 * item and then fails the invocation, so the function's Errors alarm pages someone. Only
 * breaches confirmed on re-reads fail it (see auditLedger); wallets that kept moving through
 * every re-read are logged as unsettled, for the next run to verify.
 */
export const handler = async (event?: { readonly time?: string }) => {
  const started = Date.now();
  const at = event?.time === undefined ? undefined : new Date(event.time);
  if (at && !Number.isNaN(at.getTime()) && at.getUTCHours() !== FULL_AUDIT_HOUR_UTC) {
    const since = new Date(at.getTime() - RUN_EVERY_MS - CHECKPOINT_MARGIN_MS).toISOString();
    const report = await auditLedgerSince(defaultLedger().context, since);
    const { walletsVerified, transactions } = report;
    passOrAlarm(report, { audit: 'incremental', since, transactions, walletsVerified, started });
    return { since, walletsVerified, transactions };
  }
  const report = await auditLedger(defaultLedger().context);
  const { wallets, transactions, inCirculation, mintedAmount, totalAmount } = report;
  passOrAlarm(report, {
    audit: 'full',
    wallets,
    transactions,
    inCirculation,
    mintedAmount,
    totalAmount,
    started,
  });
  return { wallets, transactions };
};

/** Logs the outcome; a breach, logged item by item, fails the invocation (the Errors alarm). */
function passOrAlarm(
  report: { readonly ok: boolean; readonly breaches: string[]; readonly unsettled: string[] },
  { started, ...summary }: Record<string, unknown> & { readonly started: number },
): void {
  const logged = { ...summary, unsettled: report.unsettled, elapsedMs: Date.now() - started };
  if (!report.ok) {
    logger.error('ledger audit found breaches', { ...logged, breaches: report.breaches });
    throw new LedgerBreachError(report.breaches);
  }
  logger.info('ledger audit passed', logged);
}
