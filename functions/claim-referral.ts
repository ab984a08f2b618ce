import {
  type ReferralClaimResponse,
  referralClaimRequestSchema,
} from '#shared/api/referral-schemas';
import { requireUser } from '#shared/auth/caller';
import { httpHandler } from '#shared/http/handler';
import { parseJsonBody } from '#shared/http/request';
import { json } from '#shared/http/responses';
import { defaultReferrals } from '#shared/referrals/referrals';

/** POST /referral/claim: the caller joins through another user's code, once, before buying. */
export const handler = httpHandler(async (event) => {
  const { userId } = requireUser(event);
  const { code } = parseJsonBody(event, referralClaimRequestSchema);

  await defaultReferrals().claim(userId, code);

  return json(201, { status: 'claimed' } satisfies ReferralClaimResponse);
});
