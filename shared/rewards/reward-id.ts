import { transactionIdFor } from '#shared/ledger/transaction';

/** The idempotency owner of rewards: the action, whoever reports the occurrence. */
export const rewardOwner = (action: string) => `reward:${action}`;

/** The record id of the reward for one occurrence of an action: paid once, so derived. */
export function rewardTransactionId(action: string, occurrenceId: string): string {
  return transactionIdFor('reward', { owner: rewardOwner(action), key: occurrenceId });
}
