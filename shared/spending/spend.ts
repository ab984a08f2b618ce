import { UserNotFoundError } from '#shared/errors';
import type { LedgerContext } from '#shared/ledger/context';
import { postTransaction } from '#shared/ledger/post-transaction';
import {
  assertDescription,
  assertIdempotencyKey,
  assertUserWalletId,
  assertValidAmount,
  SYSTEM_USER_ID,
} from '#shared/ledger/rules';
import {
  newRecord,
  requestHash,
  type Transaction,
  toTransaction,
  transactionIdFor,
} from '#shared/ledger/transaction';
import { getBalance } from '#shared/ledger/wallets';
import { assertWithinServiceLimit } from '#shared/services/limits';
import type { ServiceClient } from '#shared/services/service-clients';
import { assertFeature } from '#shared/spending/feature';

export interface SpendRequest {
  readonly client: ServiceClient;
  readonly userId: string;
  readonly amount: number;
  readonly feature: string;
  readonly description?: string | undefined;
  /** The service's key: the same key and request replays, another request is refused. */
  readonly idempotencyKey: string;
}

export interface SpendResult {
  readonly transaction: Transaction;
  /** The user's balance right after the spend committed (or was replayed). */
  readonly balance: number;
  readonly replayed: boolean;
}

/** For debits of a user a service names: no wallet at all is USER_NOT_FOUND, not a lack of funds. */
export function explainMissingWallet(userId: string) {
  return (old: Record<string, unknown> | undefined) =>
    old === undefined ? new UserNotFoundError(userId) : undefined;
}

/** The idempotency owner of a service's operations: its client id, apart from any user id. */
export function serviceOwner(client: ServiceClient): string {
  return `service:${client.clientId}`;
}

/**
 * A service charges a user's coins for a feature: a `spend` from the user to DASWOS AI. The coins
 * leave circulation (back in the DASWOS AI reserve, minted goes down) and can be sold again. One
 * posting: the record (keyed by the service and its Idempotency-Key), the user's covered and
 * not-frozen debit and the credit of one reserve shard, all or nothing.
 */
export async function spend(ctx: LedgerContext, request: SpendRequest): Promise<SpendResult> {
  const { client, userId, amount, feature, description, idempotencyKey } = request;
  assertUserWalletId(userId);
  assertValidAmount(amount);
  assertWithinServiceLimit(client, amount);
  assertFeature(feature);
  assertDescription(description);
  assertIdempotencyKey(idempotencyKey);

  const record = newRecord({
    transactionId: transactionIdFor('spend', { owner: serviceOwner(client), key: idempotencyKey }),
    type: 'spend',
    from: userId,
    to: SYSTEM_USER_ID,
    amount,
    referenceId: undefined,
    description,
    initiatedBy: serviceOwner(client),
    feature,
    clientId: client.clientId,
    requestHash: requestHash({ type: 'spend', userId, amount, feature, description }),
    now: ctx.now(),
  });
  const result = await postTransaction(ctx, {
    record,
    // The user is named by the service, not signed in: a missing wallet is an unknown user.
    debit: { userId, mustCover: true, extra: { explain: explainMissingWallet(userId) } },
    credit: { userId: SYSTEM_USER_ID },
  });
  return {
    transaction: toTransaction(result.record),
    balance: await getBalance(ctx, userId),
    replayed: result.replayed,
  };
}
