import { auditLedger } from '#shared/audit/audit-ledger';
import { LedgerBreachError } from '#shared/audit/ledger-breach-error';
import { defaultLedger } from '#shared/ledger/ledger';
import { logger } from '#shared/logger';

/**
 * Scheduled (EventBridge) audit of the whole ledger, read-only. A breach is logged item by item
 * and then fails the invocation, so the function's Errors alarm pages someone. It runs while the
 * ledger is being written: only breaches confirmed on re-reads fail it (see auditLedger); wallets
 * that kept moving through every re-read are logged as unsettled, for the next run to verify.
 */
export const handler = async (): Promise<{ wallets: number; transactions: number }> => {
  const started = Date.now();
  const report = await auditLedger(defaultLedger().context);

  const summary = {
    wallets: report.wallets,
    transactions: report.transactions,
    inCirculation: report.inCirculation,
    mintedAmount: report.mintedAmount,
    totalAmount: report.totalAmount,
    unsettled: report.unsettled,
    elapsedMs: Date.now() - started,
  };
  if (!report.ok) {
    logger.error('ledger audit found breaches', { ...summary, breaches: report.breaches });
    throw new LedgerBreachError(report.breaches);
  }
  logger.info('ledger audit passed', summary);
  return { wallets: report.wallets, transactions: report.transactions };
};
