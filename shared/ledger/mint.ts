import type { LedgerContext } from '#shared/ledger/context';
import { type CompanionWrite, postTransaction } from '#shared/ledger/post-transaction';
import {
  assertDescription,
  assertIdempotencyKey,
  assertUserWalletId,
  assertValidAmount,
  SYSTEM_USER_ID,
} from '#shared/ledger/rules';
import {
  type IdempotencyScope,
  newRecord,
  requestHash,
  type Transaction,
  toTransaction,
  transactionIdFor,
} from '#shared/ledger/transaction';

export interface MintRequest {
  readonly to: string;
  readonly amount: number;
  /** Referral bonuses and rewards are mints too: every coin leaves DASWOS AI through here. */
  readonly type: 'purchase' | 'giveaway' | 'subscription' | 'referral' | 'reward';
  /** For a purchase: the Stripe Checkout Session id; for a subscription allowance: the invoice id. */
  readonly referenceId?: string | undefined;
  readonly description?: string | undefined;
  /** Who asked (the admin of a giveaway); stored for the audit trail. */
  readonly initiatedBy?: string | undefined;
  /** Purchases: owner `stripe-checkout`, key the session id. Giveaways: the admin and a key. */
  readonly idempotency?: IdempotencyScope | undefined;
  /** Purchases: the PaymentIntent that paid. Not part of the request hash: the session fixes it. */
  readonly paymentIntentId?: string | undefined;
  /** The record's id when the caller must know it first (to log it); else from `idempotency`. */
  readonly transactionId?: string | undefined;
  /** Rewards: the app client of the service that asked. */
  readonly clientId?: string | undefined;
  /** Writes that belong to the mint (a purchase's status, a giveaway cap, a grant's status, the admin log). */
  readonly companions?: readonly CompanionWrite[] | undefined;
}

export interface MintResult {
  readonly transaction: Transaction;
  readonly replayed: boolean;
}

/**
 * Hands coins from the DASWOS AI wallet to a user and counts them as minted. The DASWOS AI
 * wallet's `balance >= :amount` condition is what keeps minted from ever passing the total.
 */
export async function mint(ctx: LedgerContext, request: MintRequest): Promise<MintResult> {
  const { to, amount, type, referenceId, description, initiatedBy, idempotency, paymentIntentId } =
    request;
  assertUserWalletId(to);
  assertValidAmount(amount);
  assertDescription(description);
  assertIdempotencyKey(idempotency?.key);

  const record = newRecord({
    transactionId: request.transactionId ?? transactionIdFor(type, idempotency),
    type,
    from: SYSTEM_USER_ID,
    to,
    amount,
    referenceId,
    description,
    initiatedBy,
    paymentIntentId,
    clientId: request.clientId,
    requestHash: requestHash({ type, to, amount, referenceId, description }),
    now: ctx.now(),
  });
  const result = await postTransaction(ctx, {
    record,
    debit: { userId: SYSTEM_USER_ID, mustCover: true },
    credit: { userId: to },
    ...(request.companions ? { companions: request.companions } : {}),
  });
  return { transaction: toTransaction(result.record), replayed: result.replayed };
}
