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

/**
 * One whole-number setting: unset (or blank) takes the default; anything else must be a whole
 * number within bounds, or it throws and the function does not start. Parsed by hand: three
 * integers do not need a schema library in every function that reads them.
 */
function wholeNumber(
  env: NodeJS.ProcessEnv,
  name: string,
  bounds: { min: number; max: number },
  fallback: number,
): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = /^\d{1,10}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(value >= bounds.min && value <= bounds.max)) {
    throw new Error(
      `The referral settings are not valid: ${name} must be a whole number from ${bounds.min} to ${bounds.max}`,
    );
  }
  return value;
}

export function loadReferralSettings(env: NodeJS.ProcessEnv = process.env): ReferralSettings {
  const coins = { min: 1, max: MAX_AMOUNT };
  const defaults = DEFAULT_REFERRAL_SETTINGS;
  return {
    referrerCoins: wholeNumber(env, 'REFERRAL_REFERRER_COINS', coins, defaults.referrerCoins),
    refereeCoins: wholeNumber(env, 'REFERRAL_REFEREE_COINS', coins, defaults.refereeCoins),
    maxPerReferrer: wholeNumber(
      env,
      'REFERRAL_MAX_PER_REFERRER',
      { min: 0, max: 1_000_000 },
      defaults.maxPerReferrer,
    ),
  };
}

let processSettings: ReferralSettings | undefined;

export function referralSettings(): ReferralSettings {
  processSettings ??= loadReferralSettings();
  return processSettings;
}
