import { defaultHolds } from '#shared/holds/holds';
import { logger } from '#shared/logger';

/** Scheduled (EventBridge, every minute): releases every hold past its expiry. */
export const handler = async (): Promise<{ expired: number; alreadySettled: number }> => {
  const report = await defaultHolds().sweep();
  logger.info('expired holds swept', { ...report });
  return report;
};
