import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { withRetry } from '#shared/dynamo/retry';
import type { LedgerContext } from '#shared/ledger/context';
import { assertUserWalletId } from '#shared/ledger/rules';
import { normalizeReferralCode } from '#shared/referrals/codes';
import {
  OwnReferralCodeError,
  ReferralAlreadyClaimedError,
  ReferralCodeNotFoundError,
  ReferralNotEligibleError,
} from '#shared/referrals/errors';
import { profileKey, readCodeOwner } from '#shared/referrals/profile';

/**
 * The caller joins the programme through another user's code. ONE TransactWriteItems:
 *  - the claimer's profile gets `referred_by`, on condition that it has none (a user is referred
 *    once) and no first credited purchase (`first_purchase_session`, which the purchase credit
 *    writes in its own transaction: whichever commits first wins, there is no window);
 *  - the referrer's profile counts one more referred user, on condition that it still owns the
 *    code (codes never move, so this is the code's existence, checked inside the write).
 */
export async function claimReferral(
  ctx: LedgerContext,
  userId: string,
  claimedCode: string,
): Promise<void> {
  assertUserWalletId(userId);
  const code = normalizeReferralCode(claimedCode);
  const referrer = await readCodeOwner(ctx, code);
  if (!referrer) throw new ReferralCodeNotFoundError();
  if (referrer === userId) throw new OwnReferralCodeError();
  const now = ctx.now().toISOString();
  try {
    await withRetry(
      () =>
        ctx.db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: ctx.tables.referrals,
                  Key: { id: profileKey(userId) },
                  UpdateExpression:
                    'SET referred_by = :referrer, claimed_code = :code, claimed_at = :now, user_id = :user',
                  ConditionExpression:
                    'attribute_not_exists(referred_by) AND attribute_not_exists(first_purchase_session)',
                  ExpressionAttributeValues: {
                    ':referrer': referrer,
                    ':code': code,
                    ':now': now,
                    ':user': userId,
                  },
                  ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
                },
              },
              {
                Update: {
                  TableName: ctx.tables.referrals,
                  Key: { id: profileKey(referrer) },
                  UpdateExpression: 'ADD referred_count :one',
                  ConditionExpression: 'code = :code',
                  ExpressionAttributeValues: { ':one': 1, ':code': code },
                },
              },
            ],
          }),
        ),
      ctx.retryPolicy,
      ctx.onRetry,
    );
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    const [claimer, owner] = error.CancellationReasons ?? [];
    if (claimer?.Code === 'ConditionalCheckFailed') {
      const old = claimer.Item ? unmarshall(claimer.Item as Record<string, never>) : undefined;
      throw old?.referred_by ? new ReferralAlreadyClaimedError() : new ReferralNotEligibleError();
    }
    if (owner?.Code === 'ConditionalCheckFailed') throw new ReferralCodeNotFoundError();
    throw error;
  }
}
