import * as z from 'zod/mini';
import '#shared/api/zod-messages';
import { MAX_AMOUNT } from '#shared/ledger/rules';

/**
 * The reward catalogue, like the bundles: server-side configuration, validated at start. A service
 * names an action; the coins and the limits are the catalogue's, never the caller's.
 */
export interface RewardRule {
  /** What the user did (kebab-case), e.g. `listing-created`. */
  readonly action: string;
  readonly coins: number;
  /** Rewards per user per UTC day, at most. */
  readonly dailyLimit?: number;
  /** Rewards per user ever, at most. */
  readonly lifetimeLimit?: number;
}

export const DEFAULT_REWARD_RULES: readonly RewardRule[] = [
  { action: 'daily-login', coins: 5, dailyLimit: 1 },
  { action: 'listing-created', coins: 10, dailyLimit: 5 },
  { action: 'review-written', coins: 20, dailyLimit: 3 },
  { action: 'profile-completed', coins: 50, lifetimeLimit: 1 },
];

export const REWARD_ACTION_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

const limit = () => z.number().check(z.int(), z.minimum(1), z.maximum(1_000_000));

const ruleSchema = z.strictObject({
  action: z.string().check(z.regex(REWARD_ACTION_PATTERN, 'must be 1 to 64 of a-z, 0-9 and -')),
  coins: z.number().check(z.int(), z.minimum(1), z.maximum(MAX_AMOUNT)),
  dailyLimit: z.optional(limit()),
  lifetimeLimit: z.optional(limit()),
});

/** zod/mini (as the API schemas): the rules are read by small functions, not only the webhook. */
export const rewardRulesSchema = z.array(ruleSchema).check(
  z.minLength(1),
  z.maxLength(100),
  z.refine((rules) => new Set(rules.map((rule) => rule.action)).size === rules.length, {
    message: 'actions must be unique',
  }),
);

export interface RewardCatalogue {
  readonly rules: readonly RewardRule[];
  find(action: string): RewardRule | undefined;
}

export function catalogueOfRules(rules: readonly RewardRule[]): RewardCatalogue {
  const byAction = new Map(rules.map((rule) => [rule.action, rule]));
  return { rules, find: (action) => byAction.get(action) };
}

/**
 * `REWARD_RULES` (a JSON array of `{ action, coins, dailyLimit?, lifetimeLimit? }`), or the
 * defaults when it is unset. A present but invalid value throws, so the function (and `npm
 * start`) does not start: paying coins nobody meant is worse than not paying.
 */
export function loadRewardRules(env: NodeJS.ProcessEnv = process.env): RewardCatalogue {
  const raw = env.REWARD_RULES?.trim();
  if (!raw) return catalogueOfRules(DEFAULT_REWARD_RULES);
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new Error('REWARD_RULES is not valid JSON');
  }
  const result = z.safeParse(rewardRulesSchema, value);
  if (!result.success) {
    const issues = result.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.join('.') || 'REWARD_RULES'}: ${issue.message}`)
      .join('; ');
    throw new Error(`REWARD_RULES is not a valid reward catalogue: ${issues}`);
  }
  return catalogueOfRules(result.data);
}

let processCatalogue: RewardCatalogue | undefined;

export function rewardCatalogue(): RewardCatalogue {
  processCatalogue ??= loadRewardRules();
  return processCatalogue;
}
