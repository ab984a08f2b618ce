import * as z from 'zod';
import { IdempotencyKeyReusedError } from '#shared/errors';
import { PURCHASE_IDEMPOTENCY_OWNER } from '#shared/ledger/purchases';
import { SYSTEM_USER_ID, USER_ID_PATTERN } from '#shared/ledger/rules';
import { logger } from '#shared/logger';
import type { Bundle, BundleCatalogue } from '#shared/stripe/bundles';
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

export type FulfilmentOutcome = 'credited' | 'already-credited' | 'not-paid' | 'rejected';

type Verdict =
  | { readonly ok: true; readonly userId: string; readonly bundle: Bundle }
  | { readonly ok: false; readonly reason: string };

/**
 * Whether a paid session is worth coins, and how many: only what the catalogue says its bundle
 * is worth, and only if Stripe took exactly the bundle's price in its currency, in payment mode,
 * for the user both the session and its metadata name. Metadata is ours (only the server creates
 * sessions), but it is checked against the catalogue rather than believed.
 */
export function judgeSession(session: CheckoutSession, catalogue: BundleCatalogue): Verdict {
  if (session.mode !== 'payment') return { ok: false, reason: `mode is ${session.mode}` };
  const { userId, bundleId, coins } = session.metadata ?? {};
  if (!userId || !USER_ID_PATTERN.test(userId) || userId === SYSTEM_USER_ID) {
    return { ok: false, reason: 'metadata.userId is missing or not a user' };
  }
  if (session.client_reference_id !== userId) {
    return { ok: false, reason: 'client_reference_id and metadata.userId differ' };
  }
  const bundle = bundleId === undefined ? undefined : catalogue.find(bundleId);
  if (!bundle) return { ok: false, reason: `unknown bundle ${JSON.stringify(bundleId ?? null)}` };
  if (coins !== String(bundle.coins)) {
    return { ok: false, reason: `metadata.coins ${coins} is not the bundle's ${bundle.coins}` };
  }
  if (session.amount_total !== bundle.priceCents) {
    return {
      ok: false,
      reason: `amount_total ${session.amount_total} is not the price ${bundle.priceCents}`,
    };
  }
  if (session.currency?.toLowerCase() !== bundle.currency) {
    return { ok: false, reason: `currency ${session.currency} is not ${bundle.currency}` };
  }
  return { ok: true, userId, bundle };
}

/**
 * Credits a paid Checkout Session: a `purchase` mint keyed on the session id, so every delivery
 * of either success event for the session (in any order, concurrently) credits it once. A session
 * that fails the checks credits nothing and is logged as an error for a human; it still answers
 * 2xx, since no retry could change the verdict.
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
  const verdict = judgeSession(session, runtime.catalogue);
  if (!verdict.ok) {
    logger.error('paid checkout session NOT credited', {
      sessionId: session.id,
      reason: verdict.reason,
    });
    return 'rejected';
  }
  try {
    const result = await runtime.ledger.mint({
      to: verdict.userId,
      amount: verdict.bundle.coins,
      type: 'purchase',
      referenceId: session.id,
      description: `Bought the ${verdict.bundle.id} bundle`,
      idempotency: { owner: PURCHASE_IDEMPOTENCY_OWNER, key: session.id },
      paymentIntentId: refId(session.payment_intent),
    });
    logger.info('checkout session credited', {
      sessionId: session.id,
      userId: verdict.userId,
      coins: verdict.bundle.coins,
      replayed: result.replayed,
    });
    return result.replayed ? 'already-credited' : 'credited';
  } catch (error) {
    // The session was credited before, on other terms (the catalogue changed in between).
    if (!(error instanceof IdempotencyKeyReusedError)) throw error;
    logger.warn('checkout session already credited on other terms', { sessionId: session.id });
    return 'already-credited';
  }
}
