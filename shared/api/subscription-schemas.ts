import * as z from 'zod/mini';
import { textOfAtMost } from '#shared/api/text';
import '#shared/api/zod-messages';
import { SUBSCRIPTION_STATUSES } from '#shared/subscriptions/subscription';

const integer = () => z.number().check(z.int());

/** The shapes of the subscription plans and a user's subscription. */
export const planSchema = z.object({
  id: z.string(),
  name: z.string(),
  coinsPerMonth: integer(),
  priceCents: integer(),
  currency: z.string(),
});

export const plansResponseSchema = z.object({ plans: z.array(planSchema) });

/** The client names a plan and nothing else: never a price or an allowance. */
export const subscribeRequestSchema = z.strictObject({
  planId: textOfAtMost(64, { minLength: 1 }),
});

export const subscribeResponseSchema = z.object({
  sessionId: z.string(),
  url: z.url(),
});

export const subscriptionSchema = z.object({
  subscriptionId: z.string(),
  planId: z.string(),
  status: z.enum(SUBSCRIPTION_STATUSES),
  /** ISO 8601 time the paid month ends; null before Stripe reported it. */
  currentPeriodEnd: z.nullable(z.string()),
  cancelAtPeriodEnd: z.boolean(),
});

export const subscriptionResponseSchema = z.object({
  subscription: z.nullable(subscriptionSchema),
});

export const portalResponseSchema = z.object({ url: z.url() });

export type PlansResponse = z.infer<typeof plansResponseSchema>;
export type SubscribeRequestBody = z.infer<typeof subscribeRequestSchema>;
export type SubscribeResponse = z.infer<typeof subscribeResponseSchema>;
export type SubscriptionResponse = z.infer<typeof subscriptionResponseSchema>;
export type PortalResponse = z.infer<typeof portalResponseSchema>;
