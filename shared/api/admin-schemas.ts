import * as z from 'zod/mini';
import '#shared/api/zod-messages';
import { ADMIN_ACTION_TYPES } from '#shared/admin/action-types';
import { historyQuerySchema, userIdSchema } from '#shared/api/schemas';
import { MAX_DESCRIPTION_LENGTH } from '#shared/ledger/rules';

/** The operators' shapes: support look-ups, freezes and the admin action log. */
const integer = () => z.number().check(z.int());

export const userPathSchema = z.object({ userId: userIdSchema });

export const reasonRequestSchema = z.strictObject({
  reason: z
    .string()
    .check(
      z.minLength(1, 'must say why'),
      z.maxLength(MAX_DESCRIPTION_LENGTH, `must be at most ${MAX_DESCRIPTION_LENGTH} characters`),
    ),
});
export type ReasonRequestBody = z.infer<typeof reasonRequestSchema>;

export const adminUserResponseSchema = z.object({
  userId: z.string(),
  balance: integer(),
  frozen: z.boolean(),
  createdAt: z.nullable(z.iso.datetime()),
  lastUpdated: z.nullable(z.iso.datetime()),
});
export type AdminUserResponse = z.infer<typeof adminUserResponseSchema>;

export const freezeResponseSchema = z.object({
  userId: z.string(),
  frozen: z.boolean(),
  actionId: z.string(),
});
export type FreezeResponse = z.infer<typeof freezeResponseSchema>;

/** Same paging as GET /transactions. */
export const pageQuerySchema = historyQuerySchema;

export const adminActionSchema = z.object({
  actionId: z.string(),
  adminId: z.string(),
  action: z.enum(ADMIN_ACTION_TYPES),
  userId: z.string(),
  at: z.iso.datetime(),
  reason: z.optional(z.string()),
  amount: z.optional(integer()),
  grantId: z.optional(z.string()),
  transactionId: z.optional(z.string()),
});

export const adminActionsResponseSchema = z.object({
  actions: z.array(adminActionSchema),
  nextCursor: z.nullable(z.string()),
});
export type AdminActionsResponse = z.infer<typeof adminActionsResponseSchema>;
