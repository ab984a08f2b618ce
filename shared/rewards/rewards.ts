import type { LedgerContext } from '#shared/ledger/context';
import { defaultLedger } from '#shared/ledger/ledger';
import { grantReward, type RewardRequest } from '#shared/rewards/reward';
import { type RewardCatalogue, rewardCatalogue } from '#shared/rewards/rules';

/** The reward operations bound to one ledger context and one catalogue. */
export function createRewards(ctx: LedgerContext, catalogue: RewardCatalogue = rewardCatalogue()) {
  return {
    catalogue,
    grant: (request: RewardRequest) => grantReward(ctx, catalogue, request),
  };
}

export type Rewards = ReturnType<typeof createRewards>;

let processRewards: Rewards | undefined;

export function defaultRewards(): Rewards {
  processRewards ??= createRewards(defaultLedger().context);
  return processRewards;
}
