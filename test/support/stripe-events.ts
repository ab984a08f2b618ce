import { randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import { type Bundle, DEFAULT_BUNDLES } from '#shared/stripe/bundles';
import {
  chargeObject,
  checkoutSessionObject,
  disputeObject,
  eventEnvelope,
  refundObject,
} from '#test/support/stripe-objects';

/** Stripe objects and events for tests, built from Stripe's documented shapes (stripe-objects.ts). */
type Json = Record<string, unknown>;

/** A fresh `charge.succeeded`: an event type the webhook does not handle. */
function eventObject(): Json {
  return {
    ...eventEnvelope(Stripe.API_VERSION),
    type: 'charge.succeeded',
    data: { object: chargeObject() },
  };
}

const BUILDERS: Readonly<Record<string, () => object>> = {
  'checkout.session': checkoutSessionObject,
  charge: chargeObject,
  refund: refundObject,
  dispute: disputeObject,
  event: eventObject,
};

/** Stripe's documented object of that kind, with the given fields replaced. */
export function fixture(name: string, overrides: Json = {}): Json {
  const build = BUILDERS[name];
  if (!build) throw new Error(`No Stripe object builder named ${name}`);
  return { ...build(), ...overrides };
}

/** An event as Stripe sends it: the event envelope around an object. */
export function stripeEvent(type: string, object: Json): Json {
  return fixture('event', {
    id: `evt_${randomUUID().replaceAll('-', '')}`,
    type,
    data: { object },
  });
}

export function defaultBundle(id: string): Bundle {
  const bundle = DEFAULT_BUNDLES.find((candidate) => candidate.id === id);
  if (!bundle) throw new Error(`No default bundle ${id}`);
  return bundle;
}

/** A paid Checkout Session for one bundle, the way Stripe sends it. */
export function paidSession(
  userId: string,
  bundle: { id: string; coins: number; priceCents: number; currency?: string },
  overrides: Json = {},
): Json {
  const metadata = { userId, bundleId: bundle.id, coins: String(bundle.coins) };
  return fixture('checkout.session', {
    id: `cs_test_${randomUUID().replaceAll('-', '')}`,
    payment_intent: `pi_${randomUUID().replaceAll('-', '').slice(0, 24)}`,
    payment_status: 'paid',
    status: 'complete',
    amount_subtotal: bundle.priceCents,
    amount_total: bundle.priceCents,
    currency: bundle.currency ?? 'usd',
    client_reference_id: userId,
    metadata,
    ...overrides,
  });
}
