import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Bundle, DEFAULT_BUNDLES } from '#shared/stripe/bundles';

/** Stripe objects and events for tests, built from Stripe's own published shapes. */
type Json = Record<string, unknown>;

/** Stripe's published fixtures, read where they live: beside the repository, never copied in. */
const FIXTURES: Record<string, Json> = JSON.parse(
  readFileSync(resolve(__dirname, '../../../shared/fixtures/stripe-objects.json'), 'utf8'),
);

export function fixture(name: string, overrides: Json = {}): Json {
  const base = FIXTURES[name];
  if (!base) throw new Error(`No Stripe fixture named ${name}`);
  return { ...structuredClone(base), ...overrides };
}

/** An event as Stripe sends it: the fixture envelope around an object. */
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

/** A paid Checkout Session for one bundle, built from the fixture the way Stripe sends it. */
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
