import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { withRetry } from '#shared/dynamo/retry';
import type { LedgerContext } from '#shared/ledger/context';
import type { CompanionWrite } from '#shared/ledger/post-transaction';
import { assertUserWalletId } from '#shared/ledger/rules';
import { newReferralCode } from '#shared/referrals/codes';

/** `code#<CODE>`: the owner of a code. Written once with `attribute_not_exists(id)`, never changed. */
export interface ReferralCodeItem {
  id: string;
  user_id: string;
  created_at: string;
}

/**
 * `user#<userId>`: a user's side of the programme. Every attribute is optional: the item is
 * created by whichever comes first (their code, a claim, their first credited purchase).
 */
export interface ReferralProfileItem {
  id: string;
  user_id?: string;
  /** The user's own code (upper case). */
  code?: string;
  /** Who referred this user, and with which code; set once by a claim. */
  referred_by?: string;
  claimed_code?: string;
  claimed_at?: string;
  /** The Checkout Session of the user's first credited purchase; set once, by that credit. */
  first_purchase_session?: string;
  /** Set when that first purchase was refunded in full: no referral bonus is ever paid after. */
  referral_reversed_at?: string;
  /** As a referrer: users who claimed the code, users paid for, and coins earned (net). */
  referred_count?: number;
  rewarded_count?: number;
  earned_coins?: number;
}

export const codeKey = (code: string) => `code#${code}`;
export const profileKey = (userId: string) => `user#${userId}`;

export interface ReferralSummary {
  readonly code: string;
  readonly referredCount: number;
  readonly earnedCoins: number;
}

export async function readProfile(
  ctx: LedgerContext,
  userId: string,
): Promise<ReferralProfileItem | undefined> {
  const { Item } = await withRetry(
    () =>
      ctx.db.send(
        new GetCommand({
          TableName: ctx.tables.referrals,
          Key: { id: profileKey(userId) },
          ConsistentRead: true,
        }),
      ),
    ctx.retryPolicy,
    ctx.onRetry,
  );
  return Item as ReferralProfileItem | undefined;
}

export async function readCodeOwner(ctx: LedgerContext, code: string): Promise<string | undefined> {
  const { Item } = await withRetry(
    () =>
      ctx.db.send(
        new GetCommand({
          TableName: ctx.tables.referrals,
          Key: { id: codeKey(code) },
          ConsistentRead: true,
        }),
      ),
    ctx.retryPolicy,
    ctx.onRetry,
  );
  return (Item as ReferralCodeItem | undefined)?.user_id;
}

function summaryOf(profile: ReferralProfileItem, code: string): ReferralSummary {
  return {
    code,
    referredCount: profile.referred_count ?? 0,
    earnedCoins: profile.earned_coins ?? 0,
  };
}

/** A collision is astronomically rare; a few draws make it impossible in practice. */
const MAX_CODE_DRAWS = 5;

/**
 * The user's referral code, made on first request and the same ever after. A new code is
 * reserved (`code#` item, `attribute_not_exists`) and given to the profile (`attribute_not_exists
 * (code)`) in ONE TransactWriteItems: a drawn code that is taken is drawn again, and two first
 * requests at once give the user one code, the loser's reservation never being written.
 */
export async function referralSummary(
  ctx: LedgerContext,
  userId: string,
): Promise<ReferralSummary> {
  assertUserWalletId(userId);
  for (let draw = 1; ; draw++) {
    const profile = await readProfile(ctx, userId);
    if (profile?.code) return summaryOf(profile, profile.code);
    const code = newReferralCode();
    const now = ctx.now().toISOString();
    try {
      await withRetry(
        () =>
          ctx.db.send(
            new TransactWriteCommand({
              TransactItems: [
                {
                  Put: {
                    TableName: ctx.tables.referrals,
                    Item: { id: codeKey(code), user_id: userId, created_at: now },
                    ConditionExpression: 'attribute_not_exists(id)',
                  },
                },
                {
                  Update: {
                    TableName: ctx.tables.referrals,
                    Key: { id: profileKey(userId) },
                    UpdateExpression: 'SET code = :code, user_id = :user',
                    ConditionExpression: 'attribute_not_exists(code)',
                    ExpressionAttributeValues: { ':code': code, ':user': userId },
                  },
                },
              ],
            }),
          ),
        ctx.retryPolicy,
        ctx.onRetry,
      );
      return summaryOf(profile ?? { id: profileKey(userId) }, code);
    } catch (error) {
      // The code was taken, or a concurrent request gave the user theirs: read and decide again.
      if (!(error instanceof TransactionCanceledException) || draw >= MAX_CODE_DRAWS) throw error;
    }
  }
}

/**
 * Commits with every `purchase` mint: records the buyer's first credited purchase, once
 * (`if_not_exists`; never a condition, so it can never block a credit). A claim's condition reads
 * this same attribute, so a claim and a first credit are ordered by DynamoDB itself: the claim
 * either commits before (and the credit pays the bonus) or fails as not eligible.
 */
export function firstPurchaseCompanion(
  ctx: LedgerContext,
  userId: string,
  sessionId: string,
): CompanionWrite {
  return {
    write: {
      Update: {
        TableName: ctx.tables.referrals,
        Key: { id: profileKey(userId) },
        UpdateExpression:
          'SET first_purchase_session = if_not_exists(first_purchase_session, :session), user_id = :user',
        ExpressionAttributeValues: { ':session': sessionId, ':user': userId },
      },
    },
    // Unconditioned: DynamoDB never cancels a transaction for it.
    explain: () => new Error('the first-purchase marker has no condition to fail'),
  };
}
