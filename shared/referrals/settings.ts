import * as z from 'zod';
import { MAX_AMOUNT } from '#shared/ledger/rules';

/** What the referral programme pays, from the environment, validated once per process. */
export interface ReferralSettings {
  /** Coins to the referrer when a referred user's first purchase is credited. */
  readonly referrerCoins: number;
  /** Coins to the referred user on that same first purchase. */
  readonly refereeCoins: number;
  /** How many referred users a referrer is paid for, at most. */
  readonly maxPerReferrer: number;
}

export const DEFAULT_REFERRAL_SETTINGS: ReferralSettings = {
  referrerCoins: 100,
  refereeCoins: 50,
  maxPerReferrer: 50,
};

const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,10}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

const settingsSchema = z.object({
  REFERRAL_REFERRER_COINS: wholeNumber(1, MAX_AMOUNT).optional(),
  REFERRAL_REFEREE_COINS: wholeNumber(1, MAX_AMOUNT).optional(),
  REFERRAL_MAX_PER_REFERRER: wholeNumber(0, 1_000_000).optional(),
});

/** Unset values take the defaults; a present but invalid one throws (the function does not start). */
export function loadReferralSettings(env: NodeJS.ProcessEnv = process.env): ReferralSettings {
  const blankToUndefined = (value: string | undefined) =>
    value?.trim() ? value.trim() : undefined;
  const result = settingsSchema.safeParse({
    REFERRAL_REFERRER_COINS: blankToUndefined(env.REFERRAL_REFERRER_COINS),
    REFERRAL_REFEREE_COINS: blankToUndefined(env.REFERRAL_REFEREE_COINS),
    REFERRAL_MAX_PER_REFERRER: blankToUndefined(env.REFERRAL_MAX_PER_REFERRER),
  });
  if (!result.success) {
    const issues = result.error.issues
      .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
      .join('; ');
    throw new Error(`The referral settings are not valid: ${issues}`);
  }
  return {
    referrerCoins: result.data.REFERRAL_REFERRER_COINS ?? DEFAULT_REFERRAL_SETTINGS.referrerCoins,
    refereeCoins: result.data.REFERRAL_REFEREE_COINS ?? DEFAULT_REFERRAL_SETTINGS.refereeCoins,
    maxPerReferrer:
      result.data.REFERRAL_MAX_PER_REFERRER ?? DEFAULT_REFERRAL_SETTINGS.maxPerReferrer,
  };
}

let processSettings: ReferralSettings | undefined;

export function referralSettings(): ReferralSettings {
  processSettings ??= loadReferralSettings();
  return processSettings;
}
