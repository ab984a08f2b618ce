import * as z from 'zod/mini';
import { textOfAtMost } from '#shared/api/text';
import '#shared/api/zod-messages';

const integer = () => z.number().check(z.int());

/** The shapes of the coin shop: the bundle catalogue and Checkout purchases. */
export const bundleSchema = z.object({
  id: z.string(),
  coins: integer(),
  priceCents: integer(),
  currency: z.string(),
});

export const bundlesResponseSchema = z.object({ bundles: z.array(bundleSchema) });

/** The client names a bundle and nothing else: never a price or a coin count. */
export const purchaseRequestSchema = z.strictObject({
  bundleId: textOfAtMost(64, { minLength: 1 }),
});

export const purchaseResponseSchema = z.object({
  sessionId: z.string(),
  url: z.url(),
});

export const webhookResponseSchema = z.object({
  received: z.literal(true),
  outcome: z.string(),
});

export type BundlesResponse = z.infer<typeof bundlesResponseSchema>;
export type PurchaseRequestBody = z.infer<typeof purchaseRequestSchema>;
export type PurchaseResponse = z.infer<typeof purchaseResponseSchema>;
export type WebhookResponse = z.infer<typeof webhookResponseSchema>;
