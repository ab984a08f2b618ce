import { ValidationError } from '#shared/errors';

/**
 * A webhook call that does not carry a valid Stripe signature over its exact body (missing,
 * wrong, stale, tampered) or whose verified body is not an event. It answers 400 and nothing
 * else happens; Stripe never sends such a request, so its retries are not at stake.
 */
export class InvalidWebhookError extends ValidationError {
  constructor(reason: string) {
    super(`The webhook request is not a valid Stripe event: ${reason}`);
  }
}

/**
 * The ledger could not record a verified event (a missing wallet, an exhausted supply, a
 * database failure). Deliberately not a DasWosCoinsError, so it answers 500 and is logged:
 * Stripe retries for days, and the retry is exactly-once like the first attempt.
 */
export class WebhookProcessingError extends Error {
  constructor(eventId: string, eventType: string, cause: unknown) {
    super(`Stripe event ${eventId} (${eventType}) could not be recorded`, { cause });
    this.name = 'WebhookProcessingError';
  }
}
