import Stripe from 'stripe';
import { SYSTEM_USER_ID, USER_ID_PATTERN } from '#shared/ledger/rules';
import { logger } from '#shared/logger';
import { countMetric } from '#shared/metrics';
import type { RefundReason } from '#shared/purchases/purchase';
import { decideRefund, recordRefundId } from '#shared/purchases/purchase-store';
import type { RefundDecision } from '#shared/refunds/refund-record';
import type { CheckoutSession } from '#shared/stripe/fulfilment';
import type { StripeRuntime } from '#shared/stripe/runtime';

export type RefundOutcome = 'refunded' | 'already-refunded' | 'already-credited';

/** A paid payment with nothing to refund: Stripe would have no PaymentIntent to send back. */
export class UnrefundablePaymentError extends Error {
  constructor(what: string) {
    super(`${what} is paid but names no PaymentIntent to refund`);
    this.name = new.target.name;
  }
}

export class UnrefundableSessionError extends UnrefundablePaymentError {
  constructor(sessionId: string) {
    super(`Checkout session ${sessionId}`);
  }
}

/** Stripe's idempotency key of the one refund a session may get, derived from the session. */
export function refundIdempotencyKey(sessionId: string): string {
  return `daswos-refund-${sessionId}`;
}

/**
 * Something paid that can never be credited (a Checkout Session, a subscription invoice), and
 * how its refund is decided and recorded in the item that also records its credit.
 */
export interface UncreditablePayment {
  /** What was paid, for the logs, the metric and the refund's metadata: `{ sessionId }`, `{ invoiceId }`. */
  readonly subject: Readonly<Record<string, string>>;
  /** Stripe's idempotency key of the one refund it may get, derived from what was paid. */
  readonly idempotencyKey: string;
  /** Credited by a record that predates its status item: never refund it. */
  alreadyCredited(): Promise<boolean>;
  /** Records the decision `refunded` unless it was credited (conditionally, idempotently). */
  decide(): Promise<RefundDecision>;
  /** The PaymentIntent to refund; undefined when there is none. */
  paymentIntent(): Promise<string | undefined>;
  recordRefundId(refundId: string): Promise<void>;
}

async function refundThroughStripe(
  runtime: StripeRuntime,
  payment: UncreditablePayment,
  reason: string,
): Promise<string | undefined> {
  const paymentIntent = await payment.paymentIntent();
  if (!paymentIntent) {
    const what = Object.entries(payment.subject).map(([name, value]) => `${name} ${value}`);
    throw new UnrefundablePaymentError(`The payment of ${what.join(', ')}`);
  }
  try {
    const refund = await runtime.stripe.refunds.create(
      { payment_intent: paymentIntent, metadata: { ...payment.subject, reason } },
      // The same key on every attempt: Stripe makes one refund however often this runs.
      { idempotencyKey: payment.idempotencyKey },
    );
    return refund.id;
  } catch (error) {
    // Refunded already (by an operator in the dashboard, or by us past Stripe's 24 h key memory):
    // the money is back with the payer, which is all this refund was for.
    if (
      error instanceof Stripe.errors.StripeInvalidRequestError &&
      error.code === 'charge_already_refunded'
    ) {
      logger.warn('payment was already refunded at Stripe', { ...payment.subject });
      return undefined;
    }
    throw error;
  }
}

/**
 * THE place where a payment that can never be credited becomes a refund, whatever was paid (a
 * Checkout Session, a subscription invoice) and whatever the reason:
 *  1. the decision is recorded first (status `refunded`, with the reason), conditionally, so it
 *     excludes any credit from then on, and a credited payment is never refunded;
 *  2. Stripe refunds the payment, with an idempotency key derived from what was paid;
 *  3. the refund id is recorded.
 * A failure at 1-3 is transient (5xx, Stripe retries the event) and the retry resumes where it
 * stopped; each step is idempotent, so the payer is refunded once.
 */
export async function refundUncreditablePayment(
  runtime: StripeRuntime,
  payment: UncreditablePayment,
  reason: string,
  detail: string,
): Promise<RefundOutcome> {
  if (await payment.alreadyCredited()) return 'already-credited';
  const decision = await payment.decide();
  if (decision.status === 'credited') return 'already-credited';
  if (decision.refundId !== undefined) return 'already-refunded';

  const refundId = await refundThroughStripe(runtime, payment, reason);
  if (refundId !== undefined) await payment.recordRefundId(refundId);
  logger.error('payment REFUNDED: it cannot be credited', {
    ...payment.subject,
    reason,
    detail,
    refundId,
  });
  countMetric('RefundedUncreditable', { ...payment.subject, reason });
  return 'refunded';
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

/** A paid Checkout Session that can never be credited: refunded once (see above). */
export async function refundUncreditable(
  runtime: StripeRuntime,
  session: CheckoutSession,
  reason: RefundReason,
  detail: string,
): Promise<RefundOutcome> {
  const ctx = runtime.ledger.context;
  const payment: UncreditablePayment = {
    subject: { sessionId: session.id },
    idempotencyKey: refundIdempotencyKey(session.id),
    // Credited before the purchases table existed (no status item): a judge changed since then
    // (a bundle removed) must not refund a purchase that was credited.
    alreadyCredited: async () => (await runtime.ledger.getPurchase(session.id)) !== undefined,
    decide: () =>
      decideRefund(ctx, {
        sessionId: session.id,
        userId: buyerOf(session),
        bundleId: session.metadata?.bundleId ?? 'unknown',
        coins: claimedCoins(session),
        reason,
      }),
    paymentIntent: async () => {
      const paymentIntent = paymentIntentOf(session);
      if (!paymentIntent) throw new UnrefundableSessionError(session.id);
      return paymentIntent;
    },
    recordRefundId: (refundId) => recordRefundId(ctx, session.id, refundId),
  };
  return refundUncreditablePayment(runtime, payment, reason, detail);
}
