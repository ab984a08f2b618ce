import * as z from 'zod/mini';
import '#shared/api/zod-messages';
import {
  amountSchema,
  idempotencyKeySchema,
  noteSchema,
  transactionSchema,
  userIdSchema,
} from '#shared/api/schemas';
import { HOLD_STATUSES, MAX_HOLD_SECONDS, MIN_HOLD_SECONDS } from '#shared/holds/hold';
import { FEATURE_PATTERN } from '#shared/spending/feature';

/** The shapes of the service routes (spends and holds) and of a user's holds. */
export const featureSchema = z
  .string()
  .check(z.regex(FEATURE_PATTERN, 'must be 1 to 64 of a-z, 0-9, . _ and -'));

/** Every service route that changes state requires a key: a service always retries safely. */
export const requiredIdempotencyHeadersSchema = z.object({
  'idempotency-key': idempotencyKeySchema,
});

export const spendRequestSchema = z.strictObject({
  userId: userIdSchema,
  amount: amountSchema,
  feature: featureSchema,
  description: z.optional(noteSchema),
});
export type SpendRequestBody = z.infer<typeof spendRequestSchema>;

export const spendResponseSchema = z.object({
  transaction: transactionSchema,
  balance: z.number().check(z.int()),
});
export type SpendResponse = z.infer<typeof spendResponseSchema>;

export const holdSchema = z.object({
  holdId: z.string(),
  userId: z.string(),
  amount: z.number().check(z.int()),
  feature: z.string(),
  description: z.optional(z.string()),
  status: z.enum(HOLD_STATUSES),
  capturedAmount: z.optional(z.number().check(z.int())),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  clientId: z.string(),
});
export type HoldBody = z.infer<typeof holdSchema>;

export const placeHoldRequestSchema = z.strictObject({
  userId: userIdSchema,
  amount: amountSchema,
  feature: featureSchema,
  description: z.optional(noteSchema),
  expiresInSeconds: z.optional(
    z
      .number()
      .check(
        z.int('must be a whole number of seconds'),
        z.minimum(MIN_HOLD_SECONDS, `must be at least ${MIN_HOLD_SECONDS}`),
        z.maximum(MAX_HOLD_SECONDS, `must be at most ${MAX_HOLD_SECONDS}`),
      ),
  ),
});
export const placeHoldResponseSchema = z.object({
  hold: holdSchema,
  balance: z.number().check(z.int()),
});
export type PlaceHoldResponse = z.infer<typeof placeHoldResponseSchema>;

export const holdPathSchema = z.strictObject({
  holdId: z.string().check(z.regex(/^hold_[A-Za-z0-9_-]{1,64}$/, 'is not a hold id')),
});

export const captureHoldRequestSchema = z.strictObject({ amount: z.optional(amountSchema) });
export const holdResponseSchema = z.object({ hold: holdSchema });
export type HoldResponse = z.infer<typeof holdResponseSchema>;
export const captureHoldResponseSchema = z.object({
  hold: holdSchema,
  transaction: transactionSchema,
});
export type CaptureHoldResponse = z.infer<typeof captureHoldResponseSchema>;
export const voidHoldResponseSchema = placeHoldResponseSchema;
export type VoidHoldResponse = PlaceHoldResponse;

export const listHoldsQuerySchema = z.strictObject({ status: z.optional(z.enum(HOLD_STATUSES)) });
export const listHoldsResponseSchema = z.object({ holds: z.array(holdSchema) });
export type ListHoldsResponse = z.infer<typeof listHoldsResponseSchema>;
