import * as z from 'zod/mini';
import { textOfAtMost } from '#shared/api/text';
import '#shared/api/zod-messages';
import { PURCHASE_STATUSES, REFUND_REASONS } from '#shared/purchases/purchase';

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

/** A Checkout Session id as Stripe writes them (`cs_test_…`, `cs_live_…`). */
export const purchasePathSchema = z.strictObject({
  sessionId: z
    .string()
    .check(
      z.minLength(1),
      z.maxLength(255),
      z.regex(/^[A-Za-z0-9_]+$/, 'must be a Checkout Session id (letters, digits and _)'),
    ),
});

/** A purchase as its buyer sees it: pending, credited (with its transaction) or refunded (why). */
export const purchaseStatusResponseSchema = z.object({
  sessionId: z.string(),
  status: z.enum(PURCHASE_STATUSES),
  bundleId: z.string(),
  coins: integer(),
  transactionId: z.optional(z.string()),
  refundReason: z.optional(z.enum(REFUND_REASONS)),
});

export type BundlesResponse = z.infer<typeof bundlesResponseSchema>;
export type PurchaseRequestBody = z.infer<typeof purchaseRequestSchema>;
export type PurchaseResponse = z.infer<typeof purchaseResponseSchema>;
export type WebhookResponse = z.infer<typeof webhookResponseSchema>;
export type PurchaseStatusResponse = z.infer<typeof purchaseStatusResponseSchema>;
