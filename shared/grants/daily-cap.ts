import { GiveLimitReachedError } from '#shared/admin/errors';
import type { LedgerContext } from '#shared/ledger/context';
import type { CompanionWrite } from '#shared/ledger/post-transaction';

/**
 * Each admin's giveaways per UTC day, as one counter item per admin and day. The counter moves
 * in the SAME TransactWriteItems as the mint, under the condition that it stays within the
 * limit: two concurrent gives cannot both squeeze under it, a failed mint never counts, and a
 * replayed give (whose record condition cancels the whole transaction) never counts twice.
 */
export const GIVE_CAP_KIND = 'give_cap';

export interface GiveCapItem {
  readonly pk: string;
  readonly kind: typeof GIVE_CAP_KIND;
  readonly admin_id: string;
  /** YYYY-MM-DD, UTC. */
  readonly day: string;
  readonly given: number;
}

export const utcDay = (at: Date) => at.toISOString().slice(0, 10);

export const giveCapKey = (adminId: string, day: string) => ({
  pk: `${GIVE_CAP_KIND}#${adminId}#${day}`,
});

/** Throws at once for an amount no single day could take; no write is tried for it. */
export function assertWithinDailyLimit(amount: number, limit: number): void {
  if (amount > limit) throw new GiveLimitReachedError(limit);
}

export function giveCapWrite(
  ctx: LedgerContext,
  give: { adminId: string; amount: number; at: Date; limit: number },
): CompanionWrite {
  const day = utcDay(give.at);
  return {
    write: {
      Update: {
        TableName: ctx.tables.admin,
        Key: giveCapKey(give.adminId, day),
        UpdateExpression:
          'SET given = if_not_exists(given, :zero) + :amount, kind = :kind, admin_id = :admin, #day = :day',
        // `given + amount <= limit`, written as `given <= limit - amount` (no arithmetic in
        // conditions); the caller has checked amount <= limit, so a new counter always fits.
        ConditionExpression: 'attribute_not_exists(given) OR given <= :room',
        ExpressionAttributeNames: { '#day': 'day' },
        ExpressionAttributeValues: {
          ':zero': 0,
          ':amount': give.amount,
          ':kind': GIVE_CAP_KIND,
          ':admin': give.adminId,
          ':day': day,
          ':room': give.limit - give.amount,
        },
      },
    },
    explain: () => new GiveLimitReachedError(give.limit),
  };
}
