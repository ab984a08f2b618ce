import Stripe from 'stripe';
import { SYSTEM_USER_ID, USER_ID_PATTERN } from '#shared/ledger/rules';
import { logger } from '#shared/logger';
import { countMetric } from '#shared/metrics';
import type { RefundReason } from '#shared/purchases/purchase';
import { decideRefund, recordRefundId } from '#shared/purchases/purchase-store';
import type { CheckoutSession } from '#shared/stripe/fulfilment';
import type { StripeRuntime } from '#shared/stripe/runtime';

export type RefundOutcome = 'refunded' | 'already-refunded' | 'already-credited';

/** A paid session with nothing to refund: Stripe would have no payment to send back. */
export class UnrefundableSessionError extends Error {
  constructor(sessionId: string) {
    super(`Checkout session ${sessionId} is paid but names no PaymentIntent to refund`);
    this.name = 'UnrefundableSessionError';
  }
}

/** Stripe's idempotency key of the one refund a session may get, derived from the session. */
export function refundIdempotencyKey(sessionId: string): string {
  return `daswos-refund-${sessionId}`;
}

function paymentIntentOf(session: CheckoutSession): string | undefined {
  const ref = session.payment_intent;
  if (!ref) return undefined;
  return typeof ref === 'string' ? ref : ref.id;
}

/** The buyer as `/purchase` named them, when the session names a plausible one. */
function buyerOf(session: CheckoutSession): string | undefined {
  const buyer = session.client_reference_id;
  return buyer && USER_ID_PATTERN.test(buyer) && buyer !== SYSTEM_USER_ID ? buyer : undefined;
}

function claimedCoins(session: CheckoutSession): number {
  const coins = Number(session.metadata?.coins);
  return Number.isSafeInteger(coins) && coins > 0 ? coins : 0;
}

async function refundThroughStripe(
  runtime: StripeRuntime,
  session: CheckoutSession,
  reason: RefundReason,
): Promise<string | undefined> {
  const paymentIntent = paymentIntentOf(session);
  if (!paymentIntent) throw new UnrefundableSessionError(session.id);
  try {
    const refund = await runtime.stripe.refunds.create(
      { payment_intent: paymentIntent, metadata: { sessionId: session.id, reason } },
      // The same key on every attempt: Stripe makes one refund however often this runs.
      { idempotencyKey: refundIdempotencyKey(session.id) },
    );
    return refund.id;
  } catch (error) {
    // Refunded already (by an operator in the dashboard, or by us past Stripe's 24 h key memory):
    // the money is back with the buyer, which is all this refund was for.
    if (
      error instanceof Stripe.errors.StripeInvalidRequestError &&
      error.code === 'charge_already_refunded'
    ) {
      logger.warn('checkout session was already refunded at Stripe', { sessionId: session.id });
      return undefined;
    }
    throw error;
  }
}

/**
 * THE place where a paid session that can never be credited becomes a refund, whatever the
 * reason (the verdict on its terms, or a supply that ran out between checkout and payment):
 *  1. the decision is recorded first (status `refunded`, with the reason), conditionally, so it
 *     excludes any credit of the session from then on, and a credited session is never refunded;
 *  2. Stripe refunds the payment, with an idempotency key derived from the session;
 *  3. the refund id is recorded.
 * A failure at 1-3 is transient (5xx, Stripe retries the event) and the retry resumes where it
 * stopped; each step is idempotent, so the buyer is refunded once.
 */
export async function refundUncreditable(
  runtime: StripeRuntime,
  session: CheckoutSession,
  reason: RefundReason,
  detail: string,
): Promise<RefundOutcome> {
  const ctx = runtime.ledger.context;
  // Credited before the purchases table existed (no status item): a judge changed since then
  // (a bundle removed) must not refund a purchase that was credited.
  if (await runtime.ledger.getPurchase(session.id)) return 'already-credited';
  const decision = await decideRefund(ctx, {
    sessionId: session.id,
    userId: buyerOf(session),
    bundleId: session.metadata?.bundleId ?? 'unknown',
    coins: claimedCoins(session),
    reason,
  });
  if (decision.status === 'credited') return 'already-credited';
  if (decision.refundId !== undefined) return 'already-refunded';

  const refundId = await refundThroughStripe(runtime, session, reason);
  if (refundId !== undefined) await recordRefundId(ctx, session.id, refundId);
  logger.error('paid checkout session REFUNDED: it cannot be credited', {
    sessionId: session.id,
    reason,
    detail,
    refundId,
  });
  countMetric('RefundedUncreditable', { sessionId: session.id, reason });
  return 'refunded';
}
