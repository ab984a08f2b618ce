import { DasWosCoinsError, ValidationError } from '#shared/errors';

/** The action is not in the reward catalogue. */
export class UnknownRewardActionError extends ValidationError {
  constructor(action: string) {
    super(`action: ${JSON.stringify(action)} is not a rewarded action (GET /rewards/rules)`);
  }
}

/** The user has had as many rewards for this action as the rule allows, today (UTC) or ever. */
export class RewardLimitReachedError extends DasWosCoinsError {
  readonly code = 'REWARD_LIMIT_REACHED';

  constructor(action: string, window: 'daily' | 'lifetime') {
    super(
      window === 'daily'
        ? `The daily limit of rewards for ${action} is reached (it resets at 00:00 UTC)`
        : `The lifetime limit of rewards for ${action} is reached`,
    );
  }
}
