import { paidAgain, type RecordFields } from '#shared/audit/audit-by-key';
import { forEachQueryItem } from '#shared/audit/audit-pages';
import type { LedgerContext } from '#shared/ledger/context';
import type { RewardCounterItem } from '#shared/rewards/counters';
import { rewardTransactionId } from '#shared/rewards/reward-id';

/**
 * Invariant 16, rewards, from a reward's side: each occurrence of an action is rewarded at most
 * once. A reward's reference is `<action>/<occurrenceId>` and its id is derived from them
 * (rewardTransactionId); a reward with another id, while the occurrence's own reward exists, is
 * the occurrence paid twice. Read by key, so the audit holds no reward.
 */
export async function rewardRecordProblems(
  ctx: LedgerContext,
  tx: RecordFields,
): Promise<string[]> {
  const reference = tx.reference_id ?? '';
  const slash = reference.indexOf('/');
  if (tx.transaction_type !== 'reward' || slash < 0) return [];
  const action = reference.slice(0, slash);
  const twice = await paidAgain(ctx, tx, rewardTransactionId(action, reference.slice(slash + 1)));
  return twice ? [`reward ${reference} paid 2 times: ${twice}`] : [];
}

/**
 * Invariant 16, from a limit counter's side: it equals the rewards it counts — a daily counter
 * the user's rewards for that action on that UTC day, a lifetime counter all of them — counted
 * by one query of the user's credits (the day's range of `history_key` for a daily one).
 */
export async function rewardCounterProblems(
  ctx: LedgerContext,
  counter: RewardCounterItem,
): Promise<string[]> {
  const day = counter.window.startsWith('day#') ? counter.window.slice('day#'.length) : undefined;
  let counted = 0;
  await forEachQueryItem(
    ctx,
    {
      TableName: ctx.tables.transactions,
      IndexName: 'by_recipient',
      KeyConditionExpression: day
        ? 'to_user_id = :user AND history_key BETWEEN :from AND :to'
        : 'to_user_id = :user',
      FilterExpression: 'transaction_type = :reward AND begins_with(reference_id, :action)',
      ExpressionAttributeValues: {
        ':user': counter.user_id,
        ':reward': 'reward',
        ':action': `${counter.action}/`,
        ...(day ? { ':from': day, ':to': `${day}~` } : {}),
      },
      ProjectionExpression: 'transaction_id',
    },
    () => {
      counted += 1;
    },
  );
  return counter.count === counted
    ? []
    : [`reward counter ${counter.id}: ${counter.count}, the ledger has ${counted}`];
}
