import * as z from 'zod/mini';
import '#shared/api/zod-messages';
import { amountSchema, transactionSchema, userIdSchema } from '#shared/api/schemas';
import { MAX_DESCRIPTION_LENGTH, MAX_IDEMPOTENCY_KEY_LENGTH } from '#shared/ledger/rules';
import { FEATURE_PATTERN } from '#shared/spending/feature';

/** The shapes of the service routes (spends and holds) and of a user's holds. */
export const featureSchema = z
  .string()
  .check(z.regex(FEATURE_PATTERN, 'must be 1 to 64 of a-z, 0-9, . _ and -'));

const noteSchema = z
  .string()
  .check(
    z.maxLength(MAX_DESCRIPTION_LENGTH, `must be at most ${MAX_DESCRIPTION_LENGTH} characters`),
  );

/** Every service route that changes state requires a key: a service always retries safely. */
export const requiredIdempotencyHeadersSchema = z.object({
  'idempotency-key': z
    .string('is required')
    .check(
      z.minLength(1),
      z.maxLength(MAX_IDEMPOTENCY_KEY_LENGTH),
      z.regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces'),
    ),
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
