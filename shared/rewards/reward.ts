import { ValidationError } from '#shared/errors';
import type { LedgerContext } from '#shared/ledger/context';
import { mint } from '#shared/ledger/mint';
import { assertUserWalletId, MAX_IDEMPOTENCY_KEY_LENGTH } from '#shared/ledger/rules';
import type { Transaction } from '#shared/ledger/transaction';
import { counterCompanion, utcDay } from '#shared/rewards/counters';
import { UnknownRewardActionError } from '#shared/rewards/errors';
import { rewardOwner } from '#shared/rewards/reward-id';
import type { RewardCatalogue } from '#shared/rewards/rules';
import { assertWithinServiceLimit } from '#shared/services/limits';
import type { ServiceClient } from '#shared/services/service-clients';

export interface RewardRequest {
  readonly client: ServiceClient;
  readonly userId: string;
  readonly action: string;
  /** The service's id of the thing rewarded (the listing, the review, the login day). */
  readonly occurrenceId: string;
}

export interface RewardResult {
  readonly transaction: Transaction;
  readonly replayed: boolean;
}

/**
 * Pays a reward from DASWOS AI for one occurrence of an action: a `reward` mint of the rule's
 * coins, exactly once per (action, occurrenceId) whoever reports it (the record's id is derived
 * from them), with the rule's daily (UTC) and lifetime counters as companions of the same
 * TransactWriteItems. A replay is recognised by the record before any limit is looked at, so a
 * reward already paid replays even when its limit has been reached since.
 */
export async function grantReward(
  ctx: LedgerContext,
  catalogue: RewardCatalogue,
  request: RewardRequest,
): Promise<RewardResult> {
  const { client, userId, action, occurrenceId } = request;
  assertUserWalletId(userId);
  const rule = catalogue.find(action);
  if (!rule) throw new UnknownRewardActionError(action);
  if (occurrenceId.length === 0 || occurrenceId.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    throw new ValidationError(
      `occurrenceId: must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`,
    );
  }
  assertWithinServiceLimit(client, rule.coins);
  const now = ctx.now();
  const companions = [
    ...(rule.dailyLimit === undefined
      ? []
      : [
          counterCompanion(ctx, {
            userId,
            action,
            window: { kind: 'daily', day: utcDay(now) },
            limit: rule.dailyLimit,
          }),
        ]),
    ...(rule.lifetimeLimit === undefined
      ? []
      : [
          counterCompanion(ctx, {
            userId,
            action,
            window: { kind: 'lifetime' },
            limit: rule.lifetimeLimit,
          }),
        ]),
  ];
  const result = await mint(
    { ...ctx, now: () => now },
    {
      to: userId,
      amount: rule.coins,
      type: 'reward',
      referenceId: `${action}/${occurrenceId}`,
      description: `Reward for ${action}`,
      initiatedBy: `service:${client.clientId}`,
      clientId: client.clientId,
      idempotency: { owner: rewardOwner(action), key: occurrenceId },
      companions,
    },
  );
  return { transaction: result.transaction, replayed: result.replayed };
}
