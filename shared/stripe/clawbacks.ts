import Stripe from 'stripe';
import * as z from 'zod';
import type { ClawbackResult } from '#shared/ledger/clawback';
import { USER_ID_PATTERN } from '#shared/ledger/rules';
import type { TransactionRecord } from '#shared/ledger/transaction';
import { logger } from '#shared/logger';
import { createReferrals } from '#shared/referrals/referrals';
import {
  checkoutSessionSchema,
  fulfilCheckoutSession,
  refId,
  stripeRefSchema,
} from '#shared/stripe/fulfilment';
import type { StripeRuntime } from '#shared/stripe/runtime';
import { findAllowanceByPayment } from '#shared/subscriptions/allowance-lookup';

const metadataSchema = z.record(z.string(), z.string()).nullable();

/** The fields of a Charge that clawbacks read. `refunds` is absent in recent API versions. */
export const chargeSchema = z.object({
  id: z.string().min(1).max(255),
  object: z.literal('charge'),
  amount: z.number().int().min(0),
  amount_refunded: z.number().int().min(0),
  payment_intent: stripeRefSchema,
  metadata: metadataSchema,
  refunds: z
    .object({ data: z.array(z.object({ id: z.string().min(1).max(255), created: z.number() })) })
    .nullish(),
});
export type Charge = z.infer<typeof chargeSchema>;

export const disputeSchema = z.object({
  id: z.string().min(1).max(255),
  object: z.literal('dispute'),
  amount: z.number().int().min(0),
  charge: z.union([z.string(), chargeSchema]),
  payment_intent: stripeRefSchema.optional(),
});
export type Dispute = z.infer<typeof disputeSchema>;

export type ClawbackOutcome =
  | 'clawed-back'
  | 'already-clawed-back'
  | 'nothing-to-claw-back'
  | 'no-purchase';

/** floor(coins * part / whole), exact: the product can pass 2^53. */
function share(coins: number, part: number, whole: number): number {
  if (whole <= 0) return 0;
  return Number((BigInt(coins) * BigInt(Math.min(part, whole))) / BigInt(whole));
}

async function paymentIntentMetadata(
  runtime: StripeRuntime,
  paymentIntentId: string,
): Promise<Record<string, string> | undefined> {
  try {
    return (await runtime.stripe.paymentIntents.retrieve(paymentIntentId)).metadata ?? undefined;
  } catch (error) {
    if (
      error instanceof Stripe.errors.StripeInvalidRequestError &&
      error.code === 'resource_missing'
    )
      return undefined;
    throw error;
  }
}

/**
 * The purchase a payment paid for. First by its Checkout Session, which Stripe finds by the
 * PaymentIntent: the purchase id is derived from the session id, so one consistent read finds
 * it, and it must name the same PaymentIntent. A paid session not credited yet (a refund can
 * overtake its purchase's delivery) is credited first, by the same exactly-once fulfilment.
 * Fallback: the user named by the PaymentIntent's metadata, whose history holds the purchase.
 */
async function findPurchase(
  runtime: StripeRuntime,
  paymentIntentId: string,
  metadata: Record<string, string> | null | undefined,
): Promise<TransactionRecord | undefined> {
  const sessions = await runtime.stripe.checkout.sessions.list({
    payment_intent: paymentIntentId,
    limit: 1,
  });
  const listed = sessions.data[0];
  if (listed) {
    const session = checkoutSessionSchema.parse(listed);
    let purchase = await runtime.ledger.getPurchase(session.id);
    if (!purchase) {
      const outcome = await fulfilCheckoutSession(runtime, session);
      if (outcome === 'credited' || outcome === 'already-credited') {
        purchase = await runtime.ledger.getPurchase(session.id);
      }
    }
    if (purchase?.payment_intent_id && purchase.payment_intent_id !== paymentIntentId) {
      logger.error('purchase names another PaymentIntent', {
        sessionId: session.id,
        paymentIntentId,
        recorded: purchase.payment_intent_id,
      });
      return undefined;
    }
    return purchase;
  }
  const userId =
    metadata?.userId ?? (await paymentIntentMetadata(runtime, paymentIntentId))?.userId;
  if (!userId || !USER_ID_PATTERN.test(userId)) return undefined;
  return runtime.ledger.findPurchaseByPaymentIntent(userId, paymentIntentId);
}

/** What a payment credited: a bundle's purchase, or else a subscription invoice's allowance. */
async function findCredit(
  runtime: StripeRuntime,
  paymentIntentId: string,
  metadata: Record<string, string> | null | undefined,
): Promise<TransactionRecord | undefined> {
  return (
    (await findPurchase(runtime, paymentIntentId, metadata)) ??
    (await findAllowanceByPayment(runtime, paymentIntentId))
  );
}

function outcomeOf(result: ClawbackResult): ClawbackOutcome {
  if (!result.transaction) return 'nothing-to-claw-back';
  return result.replayed ? 'already-clawed-back' : 'clawed-back';
}

function newestRefundId(charge: Charge): string | undefined {
  const refunds = [...(charge.refunds?.data ?? [])].sort((a, b) => b.created - a.created);
  return refunds[0]?.id;
}

/**
 * `charge.refunded`: takes back the refunded share of the purchase's coins. Stripe reports the
 * charge's refunded amount as a running total, so the share is of that total, and the ledger
 * takes back only what earlier refunds have not: each refund counts once, out-of-order or
 * repeated events take nothing more, and the total never passes the purchase.
 */
export async function clawBackRefund(
  runtime: StripeRuntime,
  charge: Charge,
): Promise<ClawbackOutcome> {
  const paymentIntentId = refId(charge.payment_intent);
  const purchase = paymentIntentId
    ? await findCredit(runtime, paymentIntentId, charge.metadata)
    : undefined;
  if (!purchase) {
    logger.warn('refund matches no coin purchase', { chargeId: charge.id, paymentIntentId });
    return 'no-purchase';
  }
  const result = await runtime.ledger.clawback({
    purchase,
    type: 'refund',
    referenceId: newestRefundId(charge) ?? charge.id,
    coins: share(purchase.amount, charge.amount_refunded, charge.amount),
  });
  logger.info('refund clawed back', {
    chargeId: charge.id,
    sessionId: purchase.reference_id,
    totalClawedBack: result.totalClawedBack,
    replayed: result.replayed,
  });
  // A first purchase refunded in full takes its referral bonuses back too (each once).
  if (charge.amount > 0 && charge.amount_refunded >= charge.amount && purchase.reference_id) {
    await createReferrals(runtime.ledger.context).reverse(
      purchase.to_user_id,
      purchase.reference_id,
    );
  }
  return outcomeOf(result);
}

/** `charge.dispute.created`: takes back the disputed share of the coins, once per dispute. */
export async function clawBackDispute(
  runtime: StripeRuntime,
  dispute: Dispute,
): Promise<ClawbackOutcome> {
  // The dispute names the charge; its amount (and maybe its PaymentIntent) are on the charge.
  const charge =
    typeof dispute.charge === 'string'
      ? chargeSchema.parse(await runtime.stripe.charges.retrieve(dispute.charge))
      : dispute.charge;
  const paymentIntentId = refId(dispute.payment_intent) ?? refId(charge.payment_intent);
  const purchase = paymentIntentId
    ? await findCredit(runtime, paymentIntentId, charge.metadata)
    : undefined;
  if (!purchase) {
    logger.warn('dispute matches no coin purchase', { disputeId: dispute.id, paymentIntentId });
    return 'no-purchase';
  }
  const result = await runtime.ledger.clawback({
    purchase,
    type: 'dispute',
    referenceId: dispute.id,
    coins: share(purchase.amount, dispute.amount, charge.amount),
  });
  logger.info('dispute clawed back', {
    disputeId: dispute.id,
    sessionId: purchase.reference_id,
    totalClawedBack: result.totalClawedBack,
    replayed: result.replayed,
  });
  return outcomeOf(result);
}
