import {
  IdempotencyKeyReusedError,
  InsufficientFundsError,
  UserNotFoundError,
  ValidationError,
  WalletFrozenError,
} from '#shared/errors';
import {
  DEFAULT_HOLD_SECONDS,
  type Hold,
  type HoldItem,
  holdIdFor,
  MAX_HOLD_SECONDS,
  MIN_HOLD_SECONDS,
  sweepBucketFor,
  toHold,
} from '#shared/holds/hold';
import { readHold, writeTogether } from '#shared/holds/hold-store';
import type { LedgerContext } from '#shared/ledger/context';
import { NOT_FROZEN } from '#shared/ledger/post-transaction';
import {
  assertDescription,
  assertIdempotencyKey,
  assertUserWalletId,
  assertValidAmount,
} from '#shared/ledger/rules';
import { requestHash } from '#shared/ledger/transaction';
import { getBalance } from '#shared/ledger/wallets';
import { assertWithinServiceLimit } from '#shared/services/limits';
import type { ServiceClient } from '#shared/services/service-clients';
import { assertFeature } from '#shared/spending/feature';

export interface PlaceHoldRequest {
  readonly client: ServiceClient;
  readonly userId: string;
  readonly amount: number;
  readonly feature: string;
  readonly description?: string | undefined;
  readonly expiresInSeconds?: number | undefined;
  readonly idempotencyKey: string;
}

export interface PlaceHoldResult {
  readonly hold: Hold;
  /** The user's usable balance after the hold (or, for a replay, now). */
  readonly balance: number;
  readonly replayed: boolean;
}

/**
 * Reserves coins for a service: ONE TransactWriteItems writes the hold (keyed by the service and
 * its Idempotency-Key, `attribute_not_exists`) and moves `amount` from the wallet's `balance` to
 * its `held`, on the conditions that the wallet exists, covers the amount and is not frozen.
 * Invariant: balance + held of a wallet changes only through postings; a hold moves coins
 * between the two and nowhere else.
 */
export async function placeHold(
  ctx: LedgerContext,
  request: PlaceHoldRequest,
): Promise<PlaceHoldResult> {
  const { client, userId, amount, feature, description, idempotencyKey } = request;
  const seconds = request.expiresInSeconds ?? DEFAULT_HOLD_SECONDS;
  assertUserWalletId(userId);
  assertValidAmount(amount);
  assertWithinServiceLimit(client, amount);
  assertFeature(feature);
  assertDescription(description);
  assertIdempotencyKey(idempotencyKey);
  if (!Number.isSafeInteger(seconds) || seconds < MIN_HOLD_SECONDS || seconds > MAX_HOLD_SECONDS) {
    throw new ValidationError(
      `expiresInSeconds must be a whole number from ${MIN_HOLD_SECONDS} to ${MAX_HOLD_SECONDS}`,
    );
  }

  const now = ctx.now();
  const holdId = holdIdFor(client, idempotencyKey);
  const createdAt = now.toISOString();
  const item: HoldItem = {
    hold_id: holdId,
    user_id: userId,
    amount,
    feature,
    ...(description === undefined ? {} : { description }),
    status: 'held',
    created_at: createdAt,
    expires_at: new Date(now.getTime() + seconds * 1000).toISOString(),
    client_id: client.clientId,
    request_hash: requestHash({ type: 'hold', userId, amount, feature, description, seconds }),
    history_key: `${createdAt}#${holdId}`,
    sweep_bucket: sweepBucketFor(holdId),
  };
  const failure = await writeTogether(ctx, [
    {
      Put: {
        TableName: ctx.tables.holds,
        Item: item,
        ConditionExpression: 'attribute_not_exists(hold_id)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    },
    {
      Update: {
        TableName: ctx.tables.wallets,
        Key: { user_id: userId },
        UpdateExpression:
          'SET balance = balance - :amount, held = if_not_exists(held, :zero) + :amount, last_updated = :now',
        ConditionExpression: `attribute_exists(user_id) AND balance >= :amount AND ${NOT_FROZEN}`,
        ExpressionAttributeValues: {
          ':amount': amount,
          ':zero': 0,
          ':now': createdAt,
          ':notFrozen': false,
        },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    },
  ]);
  if (!failure)
    return { hold: toHold(item), balance: await getBalance(ctx, userId), replayed: false };

  const [hold, wallet] = failure;
  if (hold?.failed) {
    const original = (hold.old as HoldItem | undefined) ?? (await readHold(ctx, holdId));
    if (!original || original.request_hash !== item.request_hash) {
      throw new IdempotencyKeyReusedError();
    }
    return { hold: toHold(original), balance: await getBalance(ctx, userId), replayed: true };
  }
  if (!wallet?.old) throw new UserNotFoundError(userId);
  if (wallet.old.frozen === true) throw new WalletFrozenError();
  throw new InsufficientFundsError();
}
