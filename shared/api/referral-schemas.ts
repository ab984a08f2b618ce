import * as z from 'zod/mini';
import '#shared/api/zod-messages';
import { CLAIMED_CODE_PATTERN } from '#shared/referrals/codes';

const integer = () => z.number().check(z.int());

/** The referral programme's shapes. */
export const referralResponseSchema = z.object({
  code: z.string(),
  referredCount: integer(),
  earnedCoins: integer(),
});

export const referralClaimRequestSchema = z.strictObject({
  code: z
    .string()
    .check(z.regex(CLAIMED_CODE_PATTERN, 'must be 4 to 16 letters or digits (any letter case)')),
});

export const referralClaimResponseSchema = z.object({ status: z.literal('claimed') });

export type ReferralResponse = z.infer<typeof referralResponseSchema>;
export type ReferralClaimResponse = z.infer<typeof referralClaimResponseSchema>;
