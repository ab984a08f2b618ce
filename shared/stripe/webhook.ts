import Stripe from 'stripe';
import * as z from 'zod';
import { DasWosCoinsError, LedgerNotSeededError } from '#shared/errors';
import { logger } from '#shared/logger';
import { countMetric } from '#shared/metrics';
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
import { UnrefundablePaymentError } from '#shared/stripe/refund-uncreditable';
import type { StripeRuntime } from '#shared/stripe/runtime';
import {
  type AllowanceOutcome,
  creditInvoice,
  invoiceSchema,
} from '#shared/subscriptions/allowance';
import {
  invoicePaymentFailed,
  type StatusOutcome,
  subscriptionCheckoutCompleted,
  subscriptionDeleted,
  subscriptionUpdated,
} from '#shared/subscriptions/status';

/** Stripe's own default: a signature older than five minutes is a replay, not a delivery. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

const eventSchema = z.object({
  id: z.string().min(1),
  type: z.string().min(1),
  data: z.object({ object: z.record(z.string(), z.unknown()) }),
});
type VerifiedEvent = z.infer<typeof eventSchema>;

export type WebhookOutcome =
  | FulfilmentOutcome
  | ClawbackOutcome
  | AllowanceOutcome
  | StatusOutcome
  | 'ignored'
  | 'malformed'
  | 'unprocessable';

export interface WebhookResult {
  readonly eventId: string;
  readonly type: string;
  readonly outcome: WebhookOutcome;
}

type EventHandler = (runtime: StripeRuntime, object: unknown) => Promise<WebhookOutcome>;

/** Every success event of a session goes to the same fulfilment, keyed on the session id. */
const fulfil: EventHandler = (runtime, object) =>
  fulfilCheckoutSession(runtime, checkoutSessionSchema.parse(object));

/**
 * A session `/subscribe` opened (subscription mode, a plan in its metadata) starts a subscription
 * whose coins come with its invoices; any other goes to fulfilment, which credits or refunds it.
 */
const completed: EventHandler = (runtime, object) => {
  const session = object as { mode?: unknown; metadata?: { planId?: unknown } | null } | null;
  return session?.mode === 'subscription' && typeof session.metadata?.planId === 'string'
    ? subscriptionCheckoutCompleted(runtime, object)
    : fulfil(runtime, object);
};

const HANDLERS: Readonly<Record<string, EventHandler>> = {
  'checkout.session.completed': completed,
  'checkout.session.async_payment_succeeded': fulfil,
  'charge.refunded': (runtime, object) => clawBackRefund(runtime, chargeSchema.parse(object)),
  'charge.dispute.created': (runtime, object) =>
    clawBackDispute(runtime, disputeSchema.parse(object)),
  'invoice.paid': (runtime, object) => creditInvoice(runtime, invoiceSchema.parse(object)),
  'invoice.payment_failed': invoicePaymentFailed,
  'customer.subscription.updated': subscriptionUpdated,
  'customer.subscription.deleted': subscriptionDeleted,
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
    // Parsed only after the signature checked out: Stripe signed it, so it is malformed, not forged.
    if (error instanceof SyntaxError) throw new MalformedStripeEventError(undefined, error);
    throw error;
  }
  const parsed = eventSchema.safeParse(event);
  if (!parsed.success) throw new MalformedStripeEventError(idOf(event), parsed.error);
  return parsed.data;
}

/** Whatever id a signed but malformed event carries, for the log. */
function idOf(event: unknown): string | undefined {
  const id = (event as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? id.slice(0, 255) : undefined;
}

/**
 * A signed body (so it came from Stripe) that is not JSON or not an event: no retry will make it
 * readable, so it is answered 2xx, logged and counted.
 */
export class MalformedStripeEventError extends Error {
  constructor(
    readonly eventId: string | undefined,
    cause: unknown,
  ) {
    super('A signed Stripe event could not be read', { cause });
    this.name = 'MalformedStripeEventError';
  }
}

/**
 * The webhook: verify, then let the event's handler write to the ledger. It returns (and the
 * function answers 2xx) once the ledger write is durable, the event needs none, or no retry could
 * ever change the result; only a failure a retry can cure (DynamoDB or Stripe unreachable,
 * throttled, the ledger not seeded yet) is a WebhookProcessingError, answered 500 so Stripe
 * retries. So no signed event is answered 5xx forever.
 */
export async function handleStripeWebhook(
  runtime: StripeRuntime,
  payload: string,
  signature: string | undefined,
): Promise<WebhookResult> {
  let event: VerifiedEvent;
  try {
    event = verifyStripeEvent(runtime, payload, signature);
  } catch (error) {
    if (!(error instanceof MalformedStripeEventError)) throw error;
    return giveUp('malformed', error.eventId, 'unknown', error);
  }
  const handler = HANDLERS[event.type];
  if (!handler) {
    logger.info('stripe event ignored', { eventId: event.id, type: event.type });
    return { eventId: event.id, type: event.type, outcome: 'ignored' };
  }
  try {
    const outcome = await handler(runtime, event.data.object);
    return { eventId: event.id, type: event.type, outcome };
  } catch (error) {
    const permanence = permanenceOf(error);
    if (permanence === 'transient') throw new WebhookProcessingError(event.id, event.type, error);
    return giveUp(permanence, event.id, event.type, error);
  }
}

/** Logged as an error (a person should look) and counted; answered 2xx so Stripe stops. */
function giveUp(
  outcome: 'malformed' | 'unprocessable',
  eventId: string | undefined,
  type: string,
  error: unknown,
): WebhookResult {
  logger.error(
    outcome === 'malformed'
      ? 'signed stripe event is malformed: not retried'
      : 'signed stripe event can never be processed: not retried',
    { eventId, type, error: error as Error },
  );
  countMetric(outcome === 'malformed' ? 'MalformedStripeEvents' : 'UnprocessableStripeEvents', {
    eventId,
    type,
  });
  return { eventId: eventId ?? 'unknown', type, outcome };
}

/**
 * Whether a retry of the same event could succeed. Transient: anything that is not a known
 * refusal (network and SDK failures of DynamoDB, Stripe unreachable, rate-limited or failing on
 * its side, a wrong API key an operator will fix, an unseeded ledger). Permanent: the object is
 * not what we read (a schema failure: malformed), or it is refused for what it is (Stripe's
 * invalid-request answers, a domain rule such as a reused idempotency key: unprocessable).
 */
function permanenceOf(error: unknown): 'transient' | 'malformed' | 'unprocessable' {
  if (error instanceof z.ZodError) return 'malformed';
  if (error instanceof UnrefundablePaymentError) return 'malformed';
  if (
    error instanceof Stripe.errors.StripeInvalidRequestError ||
    error instanceof Stripe.errors.StripeIdempotencyError
  ) {
    return 'unprocessable';
  }
  if (error instanceof DasWosCoinsError && !(error instanceof LedgerNotSeededError)) {
    return 'unprocessable';
  }
  return 'transient';
}
