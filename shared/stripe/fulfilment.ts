import * as z from 'zod';
import { IdempotencyKeyReusedError, SupplyExhaustedError, UserNotFoundError } from '#shared/errors';
import type { MintResult } from '#shared/ledger/mint';
import { PURCHASE_IDEMPOTENCY_OWNER, purchaseTransactionId } from '#shared/ledger/purchases';
import { SYSTEM_USER_ID, USER_ID_PATTERN } from '#shared/ledger/rules';
import { logger } from '#shared/logger';
import { PurchaseRefundedError } from '#shared/purchases/errors';
import type { RefundReason } from '#shared/purchases/purchase';
import { creditedCompanion } from '#shared/purchases/purchase-store';
import { firstPurchaseCompanion } from '#shared/referrals/profile';
import { createReferrals } from '#shared/referrals/referrals';
import type { Bundle, BundleCatalogue } from '#shared/stripe/bundles';
import { type RefundOutcome, refundUncreditable } from '#shared/stripe/refund-uncreditable';
import type { StripeRuntime } from '#shared/stripe/runtime';

/** An id, or the object it names when the event was sent expanded. */
export const stripeRefSchema = z.union([z.string(), z.object({ id: z.string() }), z.null()]);

export function refId(ref: z.infer<typeof stripeRefSchema> | undefined): string | undefined {
  if (!ref) return undefined;
  return typeof ref === 'string' ? ref : ref.id;
}

/** The fields of a Checkout Session that fulfilment reads; everything else is ignored. */
export const checkoutSessionSchema = z.object({
  id: z.string().min(1).max(255),
  object: z.literal('checkout.session'),
  mode: z.string(),
  payment_status: z.string(),
  amount_total: z.number().nullable(),
  currency: z.string().nullable(),
  client_reference_id: z.string().nullable(),
  metadata: z.record(z.string(), z.string()).nullable(),
  payment_intent: stripeRefSchema,
});
export type CheckoutSession = z.infer<typeof checkoutSessionSchema>;

export type FulfilmentOutcome =
  | 'credited'
  | 'already-credited'
  | 'not-paid'
  | 'not-a-coin-purchase'
  | RefundOutcome;

type Verdict =
  | { readonly ok: true; readonly userId: string; readonly bundle: Bundle }
  | { readonly ok: false; readonly reason: RefundReason; readonly detail: string };

/**
 * Only sessions `/purchase` opened are coin purchases: they name a bundle in their metadata.
 * Anything else paid on the same Stripe account is none of this service's business (it is
 * neither credited nor refunded here).
 */
export function isCoinPurchase(session: CheckoutSession): boolean {
  return typeof session.metadata?.bundleId === 'string';
}

/**
 * Whether a paid session is worth coins, and how many: only what the catalogue says its bundle
 * is worth, and only if Stripe took exactly the bundle's price in its currency, in payment mode,
 * for the user both the session and its metadata name. Metadata is ours (only the server creates
 * sessions), but it is checked against the catalogue rather than believed. A refusal names the
 * refund reason the buyer is told.
 */
export function judgeSession(session: CheckoutSession, catalogue: BundleCatalogue): Verdict {
  const refuse = (reason: RefundReason, detail: string): Verdict => ({ ok: false, reason, detail });
  if (session.mode !== 'payment') return refuse('terms-mismatch', `mode is ${session.mode}`);
  const { userId, bundleId, coins } = session.metadata ?? {};
  if (!userId || !USER_ID_PATTERN.test(userId) || userId === SYSTEM_USER_ID) {
    return refuse('buyer-mismatch', 'metadata.userId is missing or not a user');
  }
  if (session.client_reference_id !== userId) {
    return refuse('buyer-mismatch', 'client_reference_id and metadata.userId differ');
  }
  const bundle = bundleId === undefined ? undefined : catalogue.find(bundleId);
  if (!bundle) {
    return refuse('bundle-unavailable', `unknown bundle ${JSON.stringify(bundleId ?? null)}`);
  }
  if (coins !== String(bundle.coins)) {
    return refuse('terms-mismatch', `metadata.coins ${coins} is not the bundle's ${bundle.coins}`);
  }
  if (session.amount_total !== bundle.priceCents) {
    return refuse(
      'terms-mismatch',
      `amount_total ${session.amount_total} is not the price ${bundle.priceCents}`,
    );
  }
  if (session.currency?.toLowerCase() !== bundle.currency) {
    return refuse('terms-mismatch', `currency ${session.currency} is not ${bundle.currency}`);
  }
  return { ok: true, userId, bundle };
}

/**
 * The mint of a paid session: a `purchase` keyed on the session id, with the purchase's status
 * set to `credited` in the same transaction. A buyer without a wallet (deleted, or the sign-up
 * trigger failed) gets one and the mint runs again: the buyer is the session's
 * client_reference_id, the signed-in user `/purchase` was called by.
 */
async function credit(
  runtime: StripeRuntime,
  session: CheckoutSession,
  userId: string,
  bundle: Bundle,
): Promise<MintResult> {
  const ctx = runtime.ledger.context;
  const transactionId = purchaseTransactionId(session.id);
  const request = {
    to: userId,
    amount: bundle.coins,
    type: 'purchase' as const,
    referenceId: session.id,
    description: `Bought the ${bundle.id} bundle`,
    idempotency: { owner: PURCHASE_IDEMPOTENCY_OWNER, key: session.id },
    paymentIntentId: refId(session.payment_intent),
    companions: [
      creditedCompanion(ctx, {
        sessionId: session.id,
        userId,
        bundleId: bundle.id,
        coins: bundle.coins,
        transactionId,
      }),
      // The buyer's first credited purchase, recorded with the credit (referral eligibility).
      firstPurchaseCompanion(ctx, userId, session.id),
    ],
  };
  try {
    return await runtime.ledger.mint(request);
  } catch (error) {
    if (!(error instanceof UserNotFoundError && error.userId === userId)) throw error;
    logger.warn('buyer had no wallet: creating it before crediting', { sessionId: session.id });
    await runtime.ledger.ensureWallet(userId);
    return runtime.ledger.mint(request);
  }
}

/**
 * Settles a paid Checkout Session: credited (a `purchase` mint keyed on the session id, so every
 * delivery of either success event, in any order, concurrently, credits it once) or, when it can
 * never be credited, refunded. The two are exclusive (see shared/purchases/purchase.ts). A session
 * that is not a coin purchase is left alone.
 */
export async function fulfilCheckoutSession(
  runtime: StripeRuntime,
  session: CheckoutSession,
): Promise<FulfilmentOutcome> {
  if (session.payment_status !== 'paid') {
    logger.info('checkout session not paid yet', {
      sessionId: session.id,
      paymentStatus: session.payment_status,
    });
    return 'not-paid';
  }
  if (!isCoinPurchase(session)) {
    logger.warn('paid checkout session is not a coin purchase: left alone', {
      sessionId: session.id,
    });
    return 'not-a-coin-purchase';
  }
  const verdict = judgeSession(session, runtime.catalogue);
  if (!verdict.ok) return refundUncreditable(runtime, session, verdict.reason, verdict.detail);
  try {
    const result = await credit(runtime, session, verdict.userId, verdict.bundle);
    logger.info('checkout session credited', {
      sessionId: session.id,
      userId: verdict.userId,
      coins: verdict.bundle.coins,
      replayed: result.replayed,
    });
    await payReferralBonus(runtime, verdict.userId, session.id);
    return result.replayed ? 'already-credited' : 'credited';
  } catch (error) {
    if (error instanceof SupplyExhaustedError) {
      return refundUncreditable(runtime, session, 'sold-out', 'the supply no longer covers it');
    }
    if (error instanceof PurchaseRefundedError) return 'already-refunded';
    // The session was credited before, on other terms (the catalogue changed in between).
    if (!(error instanceof IdempotencyKeyReusedError)) throw error;
    logger.warn('checkout session already credited on other terms', { sessionId: session.id });
    await payReferralBonus(runtime, verdict.userId, session.id);
    return 'already-credited';
  }
}

/**
 * After the credit is durable (so a bonus can never cost the buyer their coins), on every delivery
 * of a credited session: the referral bonuses of a first purchase, each exactly once. A failure a
 * retry can cure propagates: the delivery answers 5xx, Stripe redelivers, the credit replays and
 * the bonuses are tried again.
 */
async function payReferralBonus(
  runtime: StripeRuntime,
  userId: string,
  sessionId: string,
): Promise<void> {
  const outcome = await createReferrals(runtime.ledger.context).award(userId, sessionId);
  if (outcome.status === 'awarded') logger.info('referral bonus', { sessionId, ...outcome });
}
