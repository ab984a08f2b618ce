import * as z from 'zod';
import { IdempotencyKeyReusedError, SupplyExhaustedError, UserNotFoundError } from '#shared/errors';
import type { MintResult } from '#shared/ledger/mint';
import { SYSTEM_USER_ID, USER_ID_PATTERN } from '#shared/ledger/rules';
import { logger } from '#shared/logger';
import { refId, stripeRefSchema } from '#shared/stripe/fulfilment';
import { type RefundOutcome, refundUncreditablePayment } from '#shared/stripe/refund-uncreditable';
import type { StripeRuntime } from '#shared/stripe/runtime';
import {
  ALLOWANCE_IDEMPOTENCY_OWNER,
  allowanceTransactionId,
} from '#shared/subscriptions/allowance-id';
import { InvoiceRefundedError } from '#shared/subscriptions/errors';
import {
  decideInvoiceRefund,
  invoiceCreditedCompanion,
  readInvoiceItem,
  recordInvoiceRefundId,
} from '#shared/subscriptions/invoice-store';
import { type Plan, subscriptionPlans } from '#shared/subscriptions/plans';
import type { InvoiceRefundReason } from '#shared/subscriptions/subscription';
import { subscriptionSeenCompanions } from '#shared/subscriptions/subscription-store';

/**
 * The fields of an Invoice the allowance reads (API 2026-10-28: the subscription of an invoice is
 * under `parent.subscription_details`, with a snapshot of the subscription's metadata taken when
 * the invoice was finalized).
 */
export const invoiceSchema = z.object({
  id: z.string().min(1).max(255),
  object: z.literal('invoice'),
  status: z.string().nullable(),
  amount_paid: z.number().int().min(0),
  currency: z.string(),
  parent: z
    .object({
      subscription_details: z
        .object({
          subscription: z.union([z.string(), z.object({ id: z.string() })]),
          metadata: z.record(z.string(), z.string()).nullable(),
        })
        .nullish(),
    })
    .nullable(),
  payments: z
    .object({
      data: z.array(
        z.object({
          status: z.string(),
          payment: z.object({ payment_intent: stripeRefSchema.optional() }),
        }),
      ),
    })
    .nullish(),
});
export type Invoice = z.infer<typeof invoiceSchema>;

export type AllowanceOutcome =
  | 'credited'
  | 'already-credited'
  | 'not-paid'
  | 'not-a-subscription-invoice'
  | 'nothing-paid'
  | RefundOutcome;

/** The subscription invoice's subscription and the plan metadata `/subscribe` gave it. */
export function subscriptionOfInvoice(invoice: Invoice) {
  const details = invoice.parent?.subscription_details;
  if (!details) return undefined;
  const subscriptionId = refId(details.subscription) ?? '';
  return { subscriptionId, metadata: details.metadata ?? {} };
}

type Verdict =
  | { readonly ok: true; readonly userId: string; readonly plan: Plan }
  | { readonly ok: false; readonly reason: InvoiceRefundReason; readonly detail: string };

/**
 * Whether a paid invoice is worth coins, and how many: the plan recorded for the subscription
 * (its metadata as the invoice snapshot it, so a plan change applies from the next invoice), for
 * the user it names, and only if Stripe took exactly the plan's price in its currency.
 */
export function judgeInvoice(invoice: Invoice, metadata: Record<string, string>): Verdict {
  const refuse = (reason: InvoiceRefundReason, detail: string): Verdict => ({
    ok: false,
    reason,
    detail,
  });
  const { userId, planId } = metadata;
  if (!userId || !USER_ID_PATTERN.test(userId) || userId === SYSTEM_USER_ID) {
    return refuse('buyer-mismatch', 'metadata.userId is missing or not a user');
  }
  const plan = planId === undefined ? undefined : subscriptionPlans().find(planId);
  if (!plan) return refuse('plan-unavailable', `unknown plan ${JSON.stringify(planId ?? null)}`);
  if (invoice.amount_paid !== plan.priceCents) {
    return refuse(
      'terms-mismatch',
      `amount_paid ${invoice.amount_paid} is not the price ${plan.priceCents}`,
    );
  }
  if (invoice.currency.toLowerCase() !== plan.currency) {
    return refuse('terms-mismatch', `currency ${invoice.currency} is not ${plan.currency}`);
  }
  return { ok: true, userId, plan };
}

/** The PaymentIntent that paid the invoice: from the event when it carries it, else from Stripe. */
async function paymentIntentOfInvoice(
  runtime: StripeRuntime,
  invoice: Invoice,
): Promise<string | undefined> {
  const listed =
    invoice.payments?.data ??
    (await runtime.stripe.invoicePayments.list({ invoice: invoice.id, limit: 10 })).data;
  const paid = listed.find((payment) => payment.status === 'paid');
  return refId(paid?.payment.payment_intent as z.infer<typeof stripeRefSchema> | undefined);
}

function refund(
  runtime: StripeRuntime,
  invoice: Invoice,
  subscriptionId: string,
  metadata: Record<string, string>,
  reason: InvoiceRefundReason,
  detail: string,
): Promise<RefundOutcome> {
  const ctx = runtime.ledger.context;
  const userId = metadata.userId;
  const plan = metadata.planId ? subscriptionPlans().find(metadata.planId) : undefined;
  return refundUncreditablePayment(
    runtime,
    {
      subject: { invoiceId: invoice.id },
      idempotencyKey: `daswos-refund-${invoice.id}`,
      alreadyCredited: async () => (await readInvoiceItem(ctx, invoice.id))?.status === 'credited',
      decide: () =>
        decideInvoiceRefund(ctx, {
          invoiceId: invoice.id,
          subscriptionId,
          userId: userId && USER_ID_PATTERN.test(userId) ? userId : undefined,
          planId: metadata.planId ?? 'unknown',
          coins: plan?.coinsPerMonth ?? 0,
          reason,
        }),
      paymentIntent: () => paymentIntentOfInvoice(runtime, invoice),
      recordRefundId: (refundId) => recordInvoiceRefundId(ctx, invoice.id, refundId),
    },
    reason,
    detail,
  );
}

/**
 * The mint of a paid invoice: a `subscription` transaction keyed on the invoice id, with the
 * invoice's item set to `credited` in the same transaction, and what the invoice says about its
 * subscription (it exists, for this user and plan) for whichever status event has not come yet. A subscriber without a wallet gets
 * one and the mint runs again.
 */
async function credit(
  runtime: StripeRuntime,
  invoice: Invoice,
  subscriptionId: string,
  userId: string,
  plan: Plan,
): Promise<MintResult> {
  const ctx = runtime.ledger.context;
  const request = {
    to: userId,
    amount: plan.coinsPerMonth,
    type: 'subscription' as const,
    referenceId: invoice.id,
    description: `Monthly allowance of the ${plan.name} plan`,
    idempotency: { owner: ALLOWANCE_IDEMPOTENCY_OWNER, key: invoice.id },
    companions: [
      invoiceCreditedCompanion(ctx, {
        invoiceId: invoice.id,
        subscriptionId,
        userId,
        planId: plan.id,
        coins: plan.coinsPerMonth,
        transactionId: allowanceTransactionId(invoice.id),
      }),
      ...subscriptionSeenCompanions(ctx, { subscriptionId, userId, planId: plan.id }),
    ],
  };
  try {
    return await runtime.ledger.mint(request);
  } catch (error) {
    if (!(error instanceof UserNotFoundError && error.userId === userId)) throw error;
    logger.warn('subscriber had no wallet: creating it before crediting', {
      invoiceId: invoice.id,
    });
    await runtime.ledger.ensureWallet(userId);
    return runtime.ledger.mint(request);
  }
}

/**
 * `invoice.paid`: credits a subscription invoice's allowance exactly once (keyed on the invoice
 * id, so every delivery, in any order, concurrently, credits it once), or, when it can never be
 * credited, refunds it. Invoices of subscriptions `/subscribe` did not start are left alone.
 */
export async function creditInvoice(
  runtime: StripeRuntime,
  invoice: Invoice,
): Promise<AllowanceOutcome> {
  const subscription = subscriptionOfInvoice(invoice);
  if (!subscription?.metadata.planId) {
    logger.info('invoice is not of a coin subscription: left alone', { invoiceId: invoice.id });
    return 'not-a-subscription-invoice';
  }
  if (invoice.status !== 'paid') return 'not-paid';
  const { subscriptionId, metadata } = subscription;
  const verdict = judgeInvoice(invoice, metadata);
  if (!verdict.ok) {
    if (invoice.amount_paid === 0) {
      logger.error('invoice paid nothing and cannot be credited', {
        invoiceId: invoice.id,
        detail: verdict.detail,
      });
      return 'nothing-paid';
    }
    return refund(runtime, invoice, subscriptionId, metadata, verdict.reason, verdict.detail);
  }
  try {
    const result = await credit(runtime, invoice, subscriptionId, verdict.userId, verdict.plan);
    logger.info('subscription invoice credited', {
      invoiceId: invoice.id,
      subscriptionId,
      userId: verdict.userId,
      coins: verdict.plan.coinsPerMonth,
      replayed: result.replayed,
    });
    return result.replayed ? 'already-credited' : 'credited';
  } catch (error) {
    if (error instanceof SupplyExhaustedError) {
      return refund(runtime, invoice, subscriptionId, metadata, 'sold-out', 'the supply is out');
    }
    if (error instanceof InvoiceRefundedError) return 'already-refunded';
    // Credited before on other terms (the catalogue changed in between).
    if (!(error instanceof IdempotencyKeyReusedError)) throw error;
    logger.warn('invoice already credited on other terms', { invoiceId: invoice.id });
    return 'already-credited';
  }
}
