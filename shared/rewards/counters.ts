import type { LedgerContext } from '#shared/ledger/context';
import type { CompanionWrite } from '#shared/ledger/post-transaction';
import { RewardLimitReachedError } from '#shared/rewards/errors';

/** One limit's counter: a UTC day's rewards for an action, or all of them ever. */
export type CounterWindow =
  | { readonly kind: 'daily'; readonly day: string }
  | { readonly kind: 'lifetime' };

export interface RewardCounterItem {
  id: string;
  user_id: string;
  action: string;
  /** `day#<YYYY-MM-DD>` or `lifetime`. */
  window: string;
  count: number;
}

export function windowName(window: CounterWindow): string {
  return window.kind === 'daily' ? `day#${window.day}` : 'lifetime';
}

export function counterKey(userId: string, action: string, window: CounterWindow): string {
  return `${userId}#${action}#${windowName(window)}`;
}

/** The UTC day of an instant, as the daily counters name it. */
export function utcDay(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

/**
 * A counter that commits with the reward's mint: one more reward in this window, on condition
 * that the window is below its limit. The condition is inside the minting transaction, so
 * concurrent rewards at the boundary cannot both pass it: exactly `limit` commit, never one more.
 */
export function counterCompanion(
  ctx: LedgerContext,
  fields: { userId: string; action: string; window: CounterWindow; limit: number },
): CompanionWrite {
  return {
    write: {
      Update: {
        TableName: ctx.tables.rewardCounters,
        Key: { id: counterKey(fields.userId, fields.action, fields.window) },
        UpdateExpression:
          'SET #count = if_not_exists(#count, :zero) + :one, user_id = :user, #action = :action, #window = :window',
        ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
        ExpressionAttributeNames: { '#count': 'count', '#action': 'action', '#window': 'window' },
        ExpressionAttributeValues: {
          ':zero': 0,
          ':one': 1,
          ':limit': fields.limit,
          ':user': fields.userId,
          ':action': fields.action,
          ':window': windowName(fields.window),
        },
      },
    },
    explain: () => new RewardLimitReachedError(fields.action, fields.window.kind),
  };
}
