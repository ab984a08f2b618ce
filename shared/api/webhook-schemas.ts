import * as z from 'zod/mini';

/**
 * What Stripe posts to the webhook: an Event object (https://docs.stripe.com/api/events/object).
 * For the API description only: the handler verifies the Stripe-Signature over the raw bytes and
 * parses them itself (shared/stripe/webhook.ts); fields beyond these are Stripe's to add.
 */
export const stripeEventSchema = z.looseObject({
  id: z.string().check(z.minLength(1)),
  object: z.literal('event'),
  type: z.string().check(z.minLength(1)),
  api_version: z.optional(z.nullable(z.string())),
  created: z.optional(z.number().check(z.int())),
  livemode: z.optional(z.boolean()),
  data: z.looseObject({ object: z.record(z.string(), z.unknown()) }),
});
