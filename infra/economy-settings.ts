import { giveSettingsFromEnv } from '#shared/grants/settings';
import { loadReferralSettings } from '#shared/referrals/settings';
import { loadRewardRules } from '#shared/rewards/rules';
import { loadBundles } from '#shared/stripe/bundles';
import { loadPlans } from '#shared/subscriptions/plans';
import { transferLimitsFromEnv } from '#shared/velocity/transfer-limits';

/**
 * The economy a stage runs with: prices, plans, rewards, referral bonuses and the admins' and
 * senders' limits, under the names `.env` uses. `cdk deploy` reads them from its environment and
 * gives the ones that are set to every route function (the functions fall back to the defaults
 * for the others, as locally). Each is validated here by the very loader the functions use, so a
 * price nobody meant fails the deploy instead of every cold start.
 */
export const ECONOMY_SETTINGS = [
  'COIN_BUNDLES',
  'SUBSCRIPTION_PLANS',
  'REWARD_RULES',
  'REFERRAL_REFERRER_COINS',
  'REFERRAL_REFEREE_COINS',
  'REFERRAL_MAX_PER_REFERRER',
  'GIVE_APPROVAL_THRESHOLD',
  'GIVE_DAILY_LIMIT_PER_ADMIN',
  'TRANSFER_LIMITS',
] as const;

/** Lambda allows 4 KB of environment per function; the table names and the rest need some. */
export const MAX_ECONOMY_SETTINGS_BYTES = 2_048;

export function economySettingsFromEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const settings: Record<string, string> = {};
  for (const name of ECONOMY_SETTINGS) {
    const value = env[name]?.trim();
    if (value) settings[name] = value;
  }
  try {
    loadBundles(settings);
    loadPlans(settings);
    loadRewardRules(settings);
    loadReferralSettings(settings);
    giveSettingsFromEnv(settings);
    transferLimitsFromEnv(settings);
  } catch (error) {
    throw new Error(
      `The stage's economy settings are not valid: ${error instanceof Error ? error.message : error}`,
    );
  }
  const bytes = Object.entries(settings).reduce(
    (sum, [name, value]) => sum + Buffer.byteLength(name) + Buffer.byteLength(value),
    0,
  );
  if (bytes > MAX_ECONOMY_SETTINGS_BYTES) {
    throw new Error(
      `The stage's economy settings take ${bytes} bytes; a function's environment holds 4 KB in all (at most ${MAX_ECONOMY_SETTINGS_BYTES} for these)`,
    );
  }
  return settings;
}
