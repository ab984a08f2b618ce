import { IdempotencyKeyReusedError, SupplyExhaustedError, UserNotFoundError } from '#shared/errors';
import type { LedgerContext } from '#shared/ledger/context';
import { mint } from '#shared/ledger/mint';
import type { CompanionWrite } from '#shared/ledger/post-transaction';
import { transactionIdFor } from '#shared/ledger/transaction';
import { logger } from '#shared/logger';
import { ReferralBonusNotDueError, ReferralCapReachedError } from '#shared/referrals/errors';
import { profileKey, readProfile } from '#shared/referrals/profile';
import type { ReferralSettings } from '#shared/referrals/settings';

/**
 * The two referral bonuses of a referred user's first credited purchase, each its own mint of
 * type `referral` with an id derived from the referee (`referral-referee` / `referral-referrer`
 * + the referee's id): exactly once per referee whatever number, order or concurrency of
 * deliveries, and never for a later purchase (the referee's profile must name THIS session as
 * the first purchase: a condition inside each mint). They are separate from the purchase credit
 * on purpose: the purchase is durable first and a bonus can never cancel it; a bonus that fails
 * for a reason a retry can cure fails the delivery (5xx), Stripe redelivers, the credit replays
 * and the bonus is tried again.
 */
export type BonusSide = 'referee' | 'referrer';
export type BonusSideOutcome =
  | 'credited'
  | 'replayed'
  | 'cap-reached'
  | 'not-due'
  | 'supply-exhausted'
  | 'no-wallet';

export type BonusOutcome =
  | { readonly status: 'not-referred' | 'not-first-purchase' | 'reversed' }
  | {
      readonly status: 'awarded';
      readonly referee: BonusSideOutcome;
      readonly referrer: BonusSideOutcome;
    };

const BONUS_OWNER: Record<BonusSide, string> = {
  referee: 'referral-referee',
  referrer: 'referral-referrer',
};
const REVERSAL_OWNER: Record<BonusSide, string> = {
  referee: 'referral-reversal-referee',
  referrer: 'referral-reversal-referrer',
};

/** The id of a referee's bonus on one side: derived, so it is written at most once. */
export function referralBonusId(side: BonusSide, refereeId: string): string {
  return transactionIdFor('referral', { owner: BONUS_OWNER[side], key: refereeId });
}

export function referralReversalId(side: BonusSide, refereeId: string): string {
  return transactionIdFor('referral', { owner: REVERSAL_OWNER[side], key: refereeId });
}

/** Inside each bonus: the referee is still referred by this referrer, for this first purchase,
 * and it has not been refunded in full. */
function bonusDue(
  ctx: LedgerContext,
  refereeId: string,
  referrerId: string,
  sessionId: string,
): CompanionWrite {
  return {
    write: {
      ConditionCheck: {
        TableName: ctx.tables.referrals,
        Key: { id: profileKey(refereeId) },
        ConditionExpression:
          'referred_by = :referrer AND first_purchase_session = :session AND attribute_not_exists(referral_reversed_at)',
        ExpressionAttributeValues: { ':referrer': referrerId, ':session': sessionId },
      },
    },
    explain: () => new ReferralBonusNotDueError(refereeId),
  };
}

/** The referrer's counter: one more referred user paid for, never past the cap. */
function referrerCounter(
  ctx: LedgerContext,
  referrerId: string,
  coins: number,
  max: number,
): CompanionWrite {
  return {
    write: {
      Update: {
        TableName: ctx.tables.referrals,
        Key: { id: profileKey(referrerId) },
        UpdateExpression:
          'SET rewarded_count = if_not_exists(rewarded_count, :zero) + :one, earned_coins = if_not_exists(earned_coins, :zero) + :coins, user_id = :user',
        ConditionExpression: 'attribute_not_exists(rewarded_count) OR rewarded_count < :max',
        ExpressionAttributeValues: {
          ':zero': 0,
          ':one': 1,
          ':coins': coins,
          ':max': max,
          ':user': referrerId,
        },
      },
    },
    explain: () => new ReferralCapReachedError(referrerId),
  };
}

/** A refusal that no retry changes becomes the side's outcome; anything else fails the delivery. */
async function settleSide(
  side: BonusSide,
  refereeId: string,
  pay: () => Promise<{ replayed: boolean }>,
): Promise<BonusSideOutcome> {
  try {
    return (await pay()).replayed ? 'replayed' : 'credited';
  } catch (error) {
    const outcome: BonusSideOutcome | undefined =
      error instanceof ReferralCapReachedError
        ? 'cap-reached'
        : error instanceof ReferralBonusNotDueError
          ? 'not-due'
          : error instanceof SupplyExhaustedError
            ? 'supply-exhausted'
            : error instanceof UserNotFoundError
              ? 'no-wallet'
              : // Paid before on other terms (the settings changed in between): paid is paid.
                error instanceof IdempotencyKeyReusedError
                ? 'replayed'
                : undefined;
    if (outcome === undefined) throw error;
    const log = outcome === 'replayed' || outcome === 'cap-reached' ? logger.info : logger.warn;
    log.call(logger, 'referral bonus not paid', { side, refereeId, outcome });
    return outcome;
  }
}

export async function awardReferralBonus(
  ctx: LedgerContext,
  settings: ReferralSettings,
  refereeId: string,
  sessionId: string,
): Promise<BonusOutcome> {
  const profile = await readProfile(ctx, refereeId);
  if (!profile?.referred_by) return { status: 'not-referred' };
  if (profile.first_purchase_session !== sessionId) return { status: 'not-first-purchase' };
  if (profile.referral_reversed_at) return { status: 'reversed' };
  const referrerId = profile.referred_by;
  const due = bonusDue(ctx, refereeId, referrerId, sessionId);

  const referee = await settleSide('referee', refereeId, () =>
    mint(ctx, {
      to: refereeId,
      amount: settings.refereeCoins,
      type: 'referral',
      referenceId: sessionId,
      description: 'Referral bonus: your first purchase, made with a referral code',
      initiatedBy: refereeId,
      idempotency: { owner: BONUS_OWNER.referee, key: refereeId },
      companions: [due],
    }),
  );
  const referrer =
    settings.maxPerReferrer < 1
      ? 'cap-reached'
      : await settleSide('referrer', refereeId, () =>
          mint(ctx, {
            to: referrerId,
            amount: settings.referrerCoins,
            type: 'referral',
            referenceId: sessionId,
            description: 'Referral bonus: a user you referred made their first purchase',
            initiatedBy: refereeId,
            idempotency: { owner: BONUS_OWNER.referrer, key: refereeId },
            companions: [
              due,
              referrerCounter(ctx, referrerId, settings.referrerCoins, settings.maxPerReferrer),
            ],
          }),
        );
  return { status: 'awarded', referee, referrer };
}
