import * as z from 'zod/mini';
import { textOfAtMost } from '#shared/api/text';
import '#shared/api/zod-messages';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '#shared/ledger/history';
import {
  MAX_AMOUNT,
  MAX_DESCRIPTION_LENGTH,
  MAX_IDEMPOTENCY_KEY_LENGTH,
  USER_ID_PATTERN,
} from '#shared/ledger/rules';
import { TRANSACTION_TYPES } from '#shared/ledger/transaction';

/**
 * The API's shapes: the handlers validate with them, the types come from them, and the API
 * description (`npm run openapi`) is generated from them.
 */
export const userIdSchema = z
  .string()
  .check(z.regex(USER_ID_PATTERN, 'must be 1 to 128 letters, digits or . _ : @ + -'));

export const amountSchema = z
  .number()
  .check(
    z.int(`must be a whole number of coins`),
    z.minimum(1, 'must be at least 1'),
    z.maximum(MAX_AMOUNT, `must be at most ${MAX_AMOUNT}`),
  );

/** Free text a caller writes (a note, a reason): counted in code points, as the domain counts it. */
export const noteSchema = textOfAtMost(MAX_DESCRIPTION_LENGTH);

/** An idempotency key (or a reward's occurrence id): printable ASCII, so units are characters. */
export const idempotencyKeySchema = z
  .string()
  .check(
    z.minLength(1),
    z.maxLength(MAX_IDEMPOTENCY_KEY_LENGTH),
    z.regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces'),
  );

export const idempotencyHeadersSchema = z.object({
  'idempotency-key': z.optional(idempotencyKeySchema),
});

export const transferRequestSchema = z.strictObject({
  toUserId: userIdSchema,
  amount: amountSchema,
  description: z.optional(noteSchema),
});
export type TransferRequestBody = z.infer<typeof transferRequestSchema>;

export const giveRequestSchema = z.strictObject({
  userId: userIdSchema,
  amount: amountSchema,
  reason: z.optional(noteSchema),
});
export type GiveRequestBody = z.infer<typeof giveRequestSchema>;

/**
 * `?type=purchase,subscription`: one transaction type or several, separated by commas. The
 * pattern lists the types (so the API description shows them); each is then checked against the
 * enum of transaction types, and repeats count once.
 */
const TYPE_NAME = `(${TRANSACTION_TYPES.join('|')})`;
export const transactionTypesQuerySchema = z.pipe(
  z.pipe(
    z
      .string()
      .check(
        z.regex(
          new RegExp(`^${TYPE_NAME}(,${TYPE_NAME})*$`),
          `must be one or more of ${TRANSACTION_TYPES.join(', ')}, separated by commas`,
        ),
      ),
    z.transform((value: string) => [...new Set(value.split(','))]),
  ),
  z.array(z.enum(TRANSACTION_TYPES)),
);

/** `?limit=&cursor=`: the paging every newest-first list shares. */
export const pagingQuerySchema = z.strictObject({
  limit: z._default(
    z.pipe(
      z.pipe(
        z.string().check(z.regex(/^\d{1,3}$/, `must be a whole number from 1 to ${MAX_PAGE_SIZE}`)),
        z.transform(Number),
      ),
      z.number().check(z.minimum(1), z.maximum(MAX_PAGE_SIZE)),
    ),
    DEFAULT_PAGE_SIZE,
  ),
  cursor: z.optional(textOfAtMost(512, { minLength: 1 })),
});

/** A history: the paging, and `?type=` (only the other lists leave it out, and refuse it). */
export const historyQuerySchema = z.strictObject({
  ...pagingQuerySchema.shape,
  type: z.optional(transactionTypesQuerySchema),
});

export const transactionSchema = z.object({
  transactionId: z.string(),
  fromUserId: z.string(),
  toUserId: z.string(),
  amount: z.number().check(z.int()),
  transactionType: z.enum(TRANSACTION_TYPES),
  timestamp: z.iso.datetime(),
  referenceId: z.optional(z.string()),
  description: z.optional(z.string()),
  feature: z.optional(z.string()),
});

const integer = () => z.number().check(z.int());
/** `balance` is what the user can use now; `held` the sum of their active holds. */
export const balanceResponseSchema = z.object({
  userId: z.string(),
  balance: integer(),
  held: integer(),
});
export const historyResponseSchema = z.object({
  transactions: z.array(transactionSchema),
  nextCursor: z.nullable(z.string()),
});
export const transferResponseSchema = z.object({
  transaction: transactionSchema,
  balance: integer(),
});
export const giveResponseSchema = z.object({ transaction: transactionSchema });
export const supplyResponseSchema = z.object({
  totalAmount: integer(),
  mintedAmount: integer(),
  remainingAmount: integer(),
});
export const errorResponseSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), requestId: z.optional(z.string()) }),
});

export type BalanceResponse = z.infer<typeof balanceResponseSchema>;
export type HistoryResponse = z.infer<typeof historyResponseSchema>;
export type TransferResponse = z.infer<typeof transferResponseSchema>;
export type GiveResponse = z.infer<typeof giveResponseSchema>;
export type SupplyResponse = z.infer<typeof supplyResponseSchema>;
