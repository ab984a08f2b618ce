import { createHash, randomUUID } from 'node:crypto';
import { SupplyExhaustedError, ValidationError } from '#shared/errors';
import { recordPendingPurchase } from '#shared/purchases/purchase-store';
import type { Bundle } from '#shared/stripe/bundles';
import type { StripeRuntime } from '#shared/stripe/runtime';

export interface CheckoutRequest {
  readonly userId: string;
  readonly bundleId: string;
  /** The client's Idempotency-Key: a retried request gets the same Checkout Session back. */
  readonly idempotencyKey?: string | undefined;
}

export interface CheckoutResult {
  readonly sessionId: string;
  readonly url: string;
}

/** What the webhook reads back from the session, and refunds from the PaymentIntent. */
export function purchaseMetadata(userId: string, bundle: Bundle): Record<string, string> {
  return { userId, bundleId: bundle.id, coins: String(bundle.coins) };
}

/**
 * Stripe's idempotency key for the Checkout call. With a client key, the same user, bundle and
 * catalogue entry give the same key, so a retried request returns the same session; the price is
 * part of it so that a changed catalogue starts a new session instead of an idempotency error.
 */
function stripeIdempotencyKey(request: CheckoutRequest, bundle: Bundle): string {
  if (request.idempotencyKey === undefined) return `daswos-checkout-${randomUUID()}`;
  const digest = createHash('sha256')
    .update(JSON.stringify([request.userId, bundle, request.idempotencyKey]))
    .digest('base64url');
  return `daswos-checkout-${digest}`;
}

/**
 * Opens a Stripe Checkout Session for one bundle at the catalogue's price, and records the
 * purchase as `pending`. Nothing is credited here: the webhook credits the session once Stripe
 * says it is paid. The buyer's wallet is made sure of first (idempotently), so a user whose
 * sign-up trigger failed is never sold coins there is no wallet to credit.
 */
export async function createCheckout(
  runtime: StripeRuntime,
  request: CheckoutRequest,
): Promise<CheckoutResult> {
  const { clientUrl } = runtime;
  if (!clientUrl) throw new Error('CLIENT_URL is not set: Checkout has nowhere to return to');
  const bundle = runtime.catalogue.find(request.bundleId);
  if (!bundle) throw new ValidationError(`bundleId: there is no bundle "${request.bundleId}"`);
  // A courtesy check, racy by nature: the mint's own condition is what really holds the supply.
  if (!(await runtime.ledger.supplyCovers(bundle.coins))) throw new SupplyExhaustedError();
  await runtime.ledger.ensureWallet(request.userId);

  const metadata = purchaseMetadata(request.userId, bundle);
  const session = await runtime.stripe.checkout.sessions.create(
    {
      mode: 'payment',
      line_items: [
        {
          quantity: 1,
          price_data: {
            currency: bundle.currency,
            unit_amount: bundle.priceCents,
            product_data: { name: `${bundle.coins.toLocaleString('en-US')} DasWos Coins` },
          },
        },
      ],
      client_reference_id: request.userId,
      metadata,
      // Stripe does not copy session metadata to the PaymentIntent; refunds and disputes need it.
      payment_intent_data: { metadata },
      success_url: `${clientUrl}/daswos-coins/success?session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: `${clientUrl}/daswos-coins/cancel`,
    },
    { idempotencyKey: stripeIdempotencyKey(request, bundle) },
  );
  if (!session.url) throw new Error(`Checkout Session ${session.id} has no URL`);
  await recordPendingPurchase(runtime.ledger.context, {
    sessionId: session.id,
    userId: request.userId,
    bundleId: bundle.id,
    coins: bundle.coins,
  });
  return { sessionId: session.id, url: session.url };
}
