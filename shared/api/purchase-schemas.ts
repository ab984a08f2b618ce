// Not `import { z }`: that object holds all of zod, every locale included, and esbuild must keep
// it whole (454 KB in each bundle); a namespace import keeps what is used (90 KB, npm run bench).
import * as z from 'zod';

/** The shapes of the coin shop: the bundle catalogue and Checkout purchases. */
export const bundleSchema = z.object({
  id: z.string(),
  coins: z.number().int(),
  priceCents: z.number().int(),
  currency: z.string(),
});

export const bundlesResponseSchema = z.object({ bundles: z.array(bundleSchema) });

/** The client names a bundle and nothing else: never a price or a coin count. */
export const purchaseRequestSchema = z.strictObject({
  bundleId: z.string().min(1).max(64),
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
