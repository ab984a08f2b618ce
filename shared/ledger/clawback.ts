import { createHash } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { withRetry } from '#shared/dynamo/retry';
import { IdempotencyKeyReusedError, ValidationError } from '#shared/errors';
import type { LedgerContext } from '#shared/ledger/context';
import { postTransaction } from '#shared/ledger/post-transaction';
import { assertIdempotencyKey, SYSTEM_USER_ID } from '#shared/ledger/rules';
import {
  newRecord,
  requestHash,
  type Transaction,
  type TransactionRecord,
  toTransaction,
} from '#shared/ledger/transaction';

export type ClawbackType = 'refund' | 'dispute';

/** What a clawback may take back: coins a payment credited (a bundle, a subscription's month). */
const CLAWABLE_TYPES: ReadonlySet<string> = new Set(['purchase', 'subscription']);

export interface ClawbackRequest {
  /** The paid credit whose coins go back to DASWOS AI: a `purchase` or a `subscription` allowance. */
  readonly purchase: TransactionRecord;
  readonly type: ClawbackType;
  /** The refund, dispute or charge id: the clawback's `reference_id`. */
  readonly referenceId: string;
  /**
   * Refunds: the coins that all refunds of the purchase together take back. Stripe reports a
   * charge's refunded amount as a running total, so each refund event carries the total so far.
   * Disputes: the coins of this one dispute, taken back once per `referenceId`.
   */
  readonly coins: number;
}

export interface ClawbackResult {
  /** What this clawback wrote, or found already written; null when nothing was left to take. */
  readonly transaction: Transaction | null;
  readonly replayed: boolean;
  /** Coins taken back from the purchase so far, refunds and disputes together. */
  readonly totalClawedBack: number;
}

/** Each attempt that loses a race has seen the chain grow; this bounds a pathological storm. */
const MAX_ATTEMPTS = 20;

/**
 * The clawbacks of one purchase form a chain: the n-th has an id derived from the purchase and n.
 * Two clawbacks that race for the same place write the same id, and the record's
 * `attribute_not_exists` condition lets only one win, so the chain is a serial history of the
 * purchase's clawbacks without any lock or extra item.
 */
function chainId(purchaseId: string, position: number): string {
  const digest = createHash('sha256')
    .update(JSON.stringify(['clawback', purchaseId, position]))
    .digest('base64url');
  return `clawback_${digest.slice(0, 32)}`;
}

interface ChainState {
  readonly next: number;
  /** Coins clawed back by every record read so far. */
  readonly total: number;
  /** Of which by refunds. */
  readonly refunded: number;
  /** The last record already written for this request's type and reference. */
  readonly match?: TransactionRecord | undefined;
}

async function readChain(
  ctx: LedgerContext,
  request: ClawbackRequest,
  from: ChainState,
): Promise<ChainState> {
  let state = from;
  for (;;) {
    const { Item } = await withRetry(
      () =>
        ctx.db.send(
          new GetCommand({
            TableName: ctx.tables.transactions,
            Key: { transaction_id: chainId(request.purchase.transaction_id, state.next) },
            ConsistentRead: true,
          }),
        ),
      ctx.retryPolicy,
      ctx.onRetry,
    );
    if (!Item) return state;
    const record = Item as TransactionRecord;
    const same =
      record.transaction_type === request.type && record.reference_id === request.referenceId;
    state = {
      next: state.next + 1,
      total: state.total + record.amount,
      refunded: state.refunded + (record.transaction_type === 'refund' ? record.amount : 0),
      match: same ? record : state.match,
    };
  }
}

function assertClawback(request: ClawbackRequest): void {
  if (!CLAWABLE_TYPES.has(request.purchase.transaction_type)) {
    throw new ValidationError('Only a purchase or a subscription allowance can be clawed back');
  }
  if (!Number.isSafeInteger(request.coins) || request.coins < 0) {
    throw new ValidationError('The coins to claw back must be a whole number from 0');
  }
  assertIdempotencyKey(request.referenceId);
}

/**
 * Takes coins of a refunded or disputed purchase back from its buyer to DASWOS AI, and counts
 * them as no longer minted, in one posting. Exactly once per refund state or dispute, whatever
 * the number, order or concurrency of deliveries, and never more than the purchase credited.
 *
 * The buyer's wallet may go below zero (the coins may be spent already): the supply stays exact,
 * and a negative wallet cannot send, because a transfer needs `balance >= amount`.
 */
export async function clawback(
  ctx: LedgerContext,
  request: ClawbackRequest,
): Promise<ClawbackResult> {
  assertClawback(request);
  const { purchase, type, referenceId } = request;
  let state: ChainState = { next: 0, total: 0, refunded: 0 };
  for (let attempt = 1; ; attempt++) {
    state = await readChain(ctx, request, state);
    const wanted =
      type === 'refund' ? request.coins - state.refunded : state.match ? 0 : request.coins;
    const amount = Math.min(wanted, purchase.amount - state.total);
    if (amount <= 0) {
      return {
        transaction: state.match ? toTransaction(state.match) : null,
        replayed: state.match !== undefined,
        totalClawedBack: state.total,
      };
    }
    const position = state.next;
    const record = newRecord({
      transactionId: chainId(purchase.transaction_id, position),
      type,
      from: purchase.to_user_id,
      to: SYSTEM_USER_ID,
      amount,
      referenceId,
      description: `${type === 'refund' ? 'Refund' : 'Dispute'} of ${purchase.transaction_type === 'subscription' ? 'subscription invoice' : 'purchase'} ${purchase.reference_id ?? purchase.transaction_id}`,
      initiatedBy: undefined,
      requestHash: requestHash({
        type,
        purchase: purchase.transaction_id,
        position,
        amount,
        referenceId,
      }),
      now: ctx.now(),
    });
    try {
      const result = await postTransaction(ctx, {
        record,
        debit: { userId: purchase.to_user_id, mustCover: false },
        credit: { userId: SYSTEM_USER_ID },
      });
      return {
        transaction: toTransaction(result.record),
        replayed: result.replayed,
        totalClawedBack: state.total + amount,
      };
    } catch (error) {
      // Another clawback of this purchase took this place first: read it, then decide again.
      if (!(error instanceof IdempotencyKeyReusedError) || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}
