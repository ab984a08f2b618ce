import Stripe from 'stripe';
import * as z from 'zod';
import { logger } from '#shared/logger';
import {
  type ClawbackOutcome,
  chargeSchema,
  clawBackDispute,
  clawBackRefund,
  disputeSchema,
} from '#shared/stripe/clawbacks';
import { InvalidWebhookError, WebhookProcessingError } from '#shared/stripe/errors';
import {
  checkoutSessionSchema,
  type FulfilmentOutcome,
  fulfilCheckoutSession,
} from '#shared/stripe/fulfilment';
import type { StripeRuntime } from '#shared/stripe/runtime';

/** Stripe's own default: a signature older than five minutes is a replay, not a delivery. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

const eventSchema = z.object({
  id: z.string().min(1),
  type: z.string().min(1),
  data: z.object({ object: z.record(z.string(), z.unknown()) }),
});
type VerifiedEvent = z.infer<typeof eventSchema>;

export type WebhookOutcome = FulfilmentOutcome | ClawbackOutcome | 'ignored';

export interface WebhookResult {
  readonly eventId: string;
  readonly type: string;
  readonly outcome: WebhookOutcome;
}

type EventHandler = (runtime: StripeRuntime, object: unknown) => Promise<WebhookOutcome>;

/** Every success event of a session goes to the same fulfilment, keyed on the session id. */
const fulfil: EventHandler = (runtime, object) =>
  fulfilCheckoutSession(runtime, checkoutSessionSchema.parse(object));

const HANDLERS: Readonly<Record<string, EventHandler>> = {
  'checkout.session.completed': fulfil,
  'checkout.session.async_payment_succeeded': fulfil,
  'charge.refunded': (runtime, object) => clawBackRefund(runtime, chargeSchema.parse(object)),
  'charge.dispute.created': (runtime, object) =>
    clawBackDispute(runtime, disputeSchema.parse(object)),
};

/**
 * Checks the signature over the body exactly as received (the HMAC covers `<t>.<raw body>`), then
 * parses it. Only a bad request becomes InvalidWebhookError; anything else is our failure.
 */
export function verifyStripeEvent(
  runtime: StripeRuntime,
  payload: string,
  signature: string | undefined,
): VerifiedEvent {
  if (!signature) throw new InvalidWebhookError('the Stripe-Signature header is missing');
  let event: unknown;
  try {
    event = runtime.stripe.webhooks.constructEvent(
      payload,
      signature,
      runtime.webhookSecret,
      SIGNATURE_TOLERANCE_SECONDS,
    );
  } catch (error) {
    if (error instanceof Stripe.errors.StripeSignatureVerificationError) {
      throw new InvalidWebhookError('the signature is wrong or older than five minutes');
    }
    if (error instanceof SyntaxError) throw new InvalidWebhookError('the body is not JSON');
    throw error;
  }
  const parsed = eventSchema.safeParse(event);
  if (!parsed.success) throw new InvalidWebhookError('the body is not a Stripe event');
  return parsed.data;
}

/**
 * The webhook: verify, then let the event's handler write to the ledger. It returns (and the
 * function answers 2xx) only once the ledger write is durable or the event needs none; any
 * failure after verification is a WebhookProcessingError, answered 500 so Stripe retries.
 */
export async function handleStripeWebhook(
  runtime: StripeRuntime,
  payload: string,
  signature: string | undefined,
): Promise<WebhookResult> {
  const event = verifyStripeEvent(runtime, payload, signature);
  const handler = HANDLERS[event.type];
  if (!handler) {
    logger.info('stripe event ignored', { eventId: event.id, type: event.type });
    return { eventId: event.id, type: event.type, outcome: 'ignored' };
  }
  try {
    const outcome = await handler(runtime, event.data.object);
    return { eventId: event.id, type: event.type, outcome };
  } catch (error) {
    throw new WebhookProcessingError(event.id, event.type, error);
  }
}
