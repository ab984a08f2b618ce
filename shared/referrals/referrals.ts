import type { LedgerContext } from '#shared/ledger/context';
import { defaultLedger } from '#shared/ledger/ledger';
import { awardReferralBonus } from '#shared/referrals/bonus';
import { claimReferral } from '#shared/referrals/claim';
import { firstPurchaseCompanion, referralSummary } from '#shared/referrals/profile';
import { reverseReferralBonus } from '#shared/referrals/reversal';
import { type ReferralSettings, referralSettings } from '#shared/referrals/settings';

/** The referral programme's operations bound to one ledger context and one set of settings. */
export function createReferrals(
  ctx: LedgerContext,
  settings: ReferralSettings = referralSettings(),
) {
  return {
    settings,
    summary: (userId: string) => referralSummary(ctx, userId),
    claim: (userId: string, code: string) => claimReferral(ctx, userId, code),
    firstPurchaseCompanion: (userId: string, sessionId: string) =>
      firstPurchaseCompanion(ctx, userId, sessionId),
    award: (refereeId: string, sessionId: string) =>
      awardReferralBonus(ctx, settings, refereeId, sessionId),
    reverse: (refereeId: string, sessionId: string) =>
      reverseReferralBonus(ctx, refereeId, sessionId),
  };
}

export type Referrals = ReturnType<typeof createReferrals>;

let processReferrals: Referrals | undefined;

export function defaultReferrals(): Referrals {
  processReferrals ??= createReferrals(defaultLedger().context);
  return processReferrals;
}
