import type { RewardRulesResponse } from '#shared/api/reward-schemas';
import { httpHandler } from '#shared/http/handler';
import { json } from '#shared/http/responses';
import { rewardCatalogue } from '#shared/rewards/rules';

/** Read at cold start: an invalid REWARD_RULES stops the function before it answers anything. */
const catalogue = rewardCatalogue();

/** GET /rewards/rules (public): the rewarded actions, their coins and limits. */
export const handler = httpHandler(async () =>
  json(200, { rules: [...catalogue.rules] } satisfies RewardRulesResponse),
);
