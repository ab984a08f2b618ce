import { type RewardResponse, rewardRequestSchema } from '#shared/api/reward-schemas';
import { requireService } from '#shared/auth/service-caller';
import { httpHandler } from '#shared/http/handler';
import { parseJsonBody } from '#shared/http/request';
import { json } from '#shared/http/responses';
import { defaultRewards } from '#shared/rewards/rewards';
import { REWARD_SCOPE } from '#shared/services/scopes';

/** Read at cold start: an invalid REWARD_RULES stops the function before it pays anything. */
defaultRewards();

/** POST /rewards (services): a reward for one occurrence of an action, once per occurrence. */
export const handler = httpHandler(async (event) => {
  const client = requireService(event, REWARD_SCOPE);
  const body = parseJsonBody(event, rewardRequestSchema);

  const result = await defaultRewards().grant({ client, ...body });

  const response: RewardResponse = { transaction: result.transaction };
  return json(201, response, result.replayed ? { 'idempotent-replayed': 'true' } : {});
});
