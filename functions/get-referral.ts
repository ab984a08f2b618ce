import type { ReferralResponse } from '#shared/api/referral-schemas';
import { requireUser } from '#shared/auth/caller';
import { httpHandler } from '#shared/http/handler';
import { json } from '#shared/http/responses';
import { defaultReferrals } from '#shared/referrals/referrals';

/** GET /referral: the caller's referral code (made on first request), referred users, earnings. */
export const handler = httpHandler(async (event) => {
  const { userId } = requireUser(event);

  const summary = await defaultReferrals().summary(userId);

  return json(200, summary satisfies ReferralResponse);
});
