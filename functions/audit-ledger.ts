import { runScheduledAudit } from '#shared/audit/audit-schedule';
import { LedgerBreachError } from '#shared/audit/ledger-breach-error';
import { defaultLedger } from '#shared/ledger/ledger';
import { logger } from '#shared/logger';

/**
 * Scheduled (EventBridge, hourly) audit of the ledger: full once a day, incremental from the
 * last passing run's checkpoint otherwise (shared/audit/audit-schedule.ts). A breach is logged
 * item by item and then fails the invocation, so the function's Errors alarm pages someone. Only
 * breaches confirmed on re-reads fail it; wallets that kept moving through every re-read are
 * logged as unsettled, for the next run to verify.
 */
export const handler = async (event?: { readonly time?: string }) => {
  const started = Date.now();
  const scheduledAt = event?.time === undefined ? undefined : new Date(event.time);
  const outcome = await runScheduledAudit(defaultLedger().context, scheduledAt);
  const logged = {
    ...outcome.summary,
    unsettled: outcome.unsettled,
    elapsedMs: Date.now() - started,
  };
  if (!outcome.ok) {
    logger.error('ledger audit found breaches', { ...logged, breaches: outcome.breaches });
    throw new LedgerBreachError(outcome.breaches);
  }
  logger.info('ledger audit passed', logged);
  return outcome.summary;
};
