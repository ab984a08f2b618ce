import * as z from 'zod/mini';
import '#shared/api/zod-messages';
import { idempotencyKeySchema, transactionSchema, userIdSchema } from '#shared/api/schemas';
import { REWARD_ACTION_PATTERN } from '#shared/rewards/rules';

const integer = () => z.number().check(z.int());

/** The reward catalogue and the service route that pays rewards. */
export const rewardRuleSchema = z.object({
  action: z.string(),
  coins: integer(),
  dailyLimit: z.optional(integer()),
  lifetimeLimit: z.optional(integer()),
});

export const rewardRulesResponseSchema = z.object({ rules: z.array(rewardRuleSchema) });

export const rewardRequestSchema = z.strictObject({
  userId: userIdSchema,
  action: z.string().check(z.regex(REWARD_ACTION_PATTERN, 'must be 1 to 64 of a-z, 0-9 and -')),
  occurrenceId: idempotencyKeySchema,
});

export const rewardResponseSchema = z.object({ transaction: transactionSchema });

export type RewardRulesResponse = z.infer<typeof rewardRulesResponseSchema>;
export type RewardResponse = z.infer<typeof rewardResponseSchema>;
