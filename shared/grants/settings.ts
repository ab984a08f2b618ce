import { MAX_AMOUNT } from '#shared/ledger/rules';

/**
 * How far one admin can go alone. Read from the environment on each call (a few string reads),
 * so a bad value fails the request loudly rather than falling back to a guess.
 */
export interface GiveSettings {
  /** Giveaways above this wait for a second admin (GIVE_APPROVAL_THRESHOLD). */
  readonly approvalThreshold: number;
  /** Coins one admin may give per UTC day, approved grants included (GIVE_DAILY_LIMIT_PER_ADMIN). */
  readonly dailyLimitPerAdmin: number;
}

export const DEFAULT_GIVE_SETTINGS: GiveSettings = {
  approvalThreshold: 100_000,
  dailyLimitPerAdmin: 1_000_000,
};

function wholeCoins(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value.trim() === '') return fallback;
  const parsed = Number(value);
  if (!/^\d{1,10}$/.test(value.trim()) || parsed < 1 || parsed > MAX_AMOUNT) {
    throw new Error(`${name} must be a whole number of coins from 1 to ${MAX_AMOUNT}: "${value}"`);
  }
  return parsed;
}

export function giveSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): GiveSettings {
  return {
    approvalThreshold: wholeCoins(
      'GIVE_APPROVAL_THRESHOLD',
      env.GIVE_APPROVAL_THRESHOLD,
      DEFAULT_GIVE_SETTINGS.approvalThreshold,
    ),
    dailyLimitPerAdmin: wholeCoins(
      'GIVE_DAILY_LIMIT_PER_ADMIN',
      env.GIVE_DAILY_LIMIT_PER_ADMIN,
      DEFAULT_GIVE_SETTINGS.dailyLimitPerAdmin,
    ),
  };
}
