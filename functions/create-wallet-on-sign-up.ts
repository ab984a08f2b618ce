import type { PostConfirmationTriggerEvent } from 'aws-lambda';
import { defaultLedger } from '#shared/ledger/ledger';
import { logger } from '#shared/logger';

/**
 * Cognito post-confirmation trigger: every registered user gets a wallet. Idempotent, because
 * Cognito may invoke a trigger more than once; a failure fails the confirmation, so the user can
 * retry rather than end up without a wallet.
 */
export const handler = async (
  event: PostConfirmationTriggerEvent,
): Promise<PostConfirmationTriggerEvent> => {
  if (event.triggerSource !== 'PostConfirmation_ConfirmSignUp') return event;
  const userId = event.request.userAttributes.sub;
  if (!userId) throw new Error('The confirmed user has no sub attribute');

  const wallet = await defaultLedger().createWallet(userId);

  logger.info('wallet ready', { userId, created: wallet.created });
  return event;
};
