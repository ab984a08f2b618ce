import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { withRetry } from '#shared/dynamo/retry';
import type { LedgerContext } from '#shared/ledger/context';
import { type CompanionWrite, postTransaction } from '#shared/ledger/post-transaction';
import { SYSTEM_USER_ID } from '#shared/ledger/rules';
import { newRecord, requestHash, type TransactionRecord } from '#shared/ledger/transaction';
import { logger } from '#shared/logger';
import { referralBonusId, referralReversalId } from '#shared/referrals/bonus';
import { profileKey, readProfile } from '#shared/referrals/profile';

/** The referrer's earned coins follow the reversal (the paid-for count does not: a slot is spent). */
function referrerEarnedDown(ctx: LedgerContext, referrerId: string, coins: number): CompanionWrite {
  return {
    write: {
      Update: {
        TableName: ctx.tables.referrals,
        Key: { id: profileKey(referrerId) },
        UpdateExpression: 'SET earned_coins = if_not_exists(earned_coins, :zero) - :coins',
        ExpressionAttributeValues: { ':zero': 0, ':coins': coins },
      },
    },
    explain: () => new Error('the earned-coins update has no condition to fail'),
  };
}

async function readRecord(ctx: LedgerContext, id: string): Promise<TransactionRecord | undefined> {
  const { Item } = await withRetry(
    () =>
      ctx.db.send(
        new GetCommand({
          TableName: ctx.tables.transactions,
          Key: { transaction_id: id },
          ConsistentRead: true,
        }),
      ),
    ctx.retryPolicy,
    ctx.onRetry,
  );
  return Item as TransactionRecord | undefined;
}

export type ReversalOutcome = 'not-a-referral-purchase' | 'reversed';

/**
 * A referee's first purchase was refunded in full: both bonuses go back to DASWOS AI, once each.
 * First the door closes (`referral_reversed_at` on the referee's profile, which every bonus's
 * condition reads), then whatever was paid is read (consistently) and taken back by a posting
 * whose id is derived from the bonus: a bonus that committed before the door closed is found and
 * reversed, one that comes after cannot commit. Like a purchase clawback, the wallet may go
 * below zero if the coins were spent already.
 */
export async function reverseReferralBonus(
  ctx: LedgerContext,
  refereeId: string,
  sessionId: string,
): Promise<ReversalOutcome> {
  const profile = await readProfile(ctx, refereeId);
  if (!profile?.referred_by || profile.first_purchase_session !== sessionId) {
    return 'not-a-referral-purchase';
  }
  await withRetry(
    () =>
      ctx.db.send(
        new UpdateCommand({
          TableName: ctx.tables.referrals,
          Key: { id: profileKey(refereeId) },
          UpdateExpression: 'SET referral_reversed_at = if_not_exists(referral_reversed_at, :now)',
          ExpressionAttributeValues: { ':now': ctx.now().toISOString() },
        }),
      ),
    ctx.retryPolicy,
    ctx.onRetry,
  );
  for (const side of ['referee', 'referrer'] as const) {
    const bonus = await readRecord(ctx, referralBonusId(side, refereeId));
    if (!bonus) continue;
    const record = newRecord({
      transactionId: referralReversalId(side, refereeId),
      type: 'referral',
      from: bonus.to_user_id,
      to: SYSTEM_USER_ID,
      amount: bonus.amount,
      referenceId: sessionId,
      description: 'Referral bonus taken back: the first purchase was refunded',
      initiatedBy: refereeId,
      requestHash: requestHash({ reverses: bonus.transaction_id, amount: bonus.amount }),
      now: ctx.now(),
    });
    const result = await postTransaction(ctx, {
      record,
      debit: { userId: bonus.to_user_id, mustCover: false },
      credit: { userId: SYSTEM_USER_ID },
      ...(side === 'referrer'
        ? { companions: [referrerEarnedDown(ctx, bonus.to_user_id, bonus.amount)] }
        : {}),
    });
    logger.info('referral bonus reversed', { side, refereeId, replayed: result.replayed });
  }
  return 'reversed';
}
