import * as z from 'zod/mini';
import '#shared/api/zod-messages';
import { ADMIN_ACTION_TYPES } from '#shared/admin/action-types';
import {
  amountSchema,
  noteSchema,
  pagingQuerySchema,
  transactionSchema,
  userIdSchema,
} from '#shared/api/schemas';
import { textOfAtMost } from '#shared/api/text';
import { MAX_BATCH_GRANTS } from '#shared/grants/batch-items';
import { MAX_DESCRIPTION_LENGTH } from '#shared/ledger/rules';

/** The operators' shapes: support look-ups, freezes and the admin action log. */
const integer = () => z.number().check(z.int());

export const userPathSchema = z.object({ userId: userIdSchema });

export const reasonRequestSchema = z.strictObject({
  reason: textOfAtMost(MAX_DESCRIPTION_LENGTH, { minLength: 1 }),
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

/** Same paging as GET /transactions (without its type filter). */
export const pageQuerySchema = pagingQuerySchema;

export const adminActionSchema = z.object({
  actionId: z.string(),
  adminId: z.string(),
  action: z.enum(ADMIN_ACTION_TYPES),
  userId: z.optional(z.string()),
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

/** A grant's id (`grant_…`) or a batch's (`batch_…`): the approval routes decide both. */
export const GRANT_ID_PATTERN = /^(grant|batch)_[A-Za-z0-9_-]{1,40}$/;
export const grantPathSchema = z.object({
  grantId: z.string().check(z.regex(GRANT_ID_PATTERN, 'is not a grant id')),
});

export const grantSchema = z.object({
  grantId: z.string(),
  userId: z.string(),
  amount: integer(),
  reason: z.optional(z.string()),
  status: z.enum(['pending_approval', 'approved', 'rejected', 'expired']),
  requestedBy: z.string(),
  requestedAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  decidedBy: z.optional(z.string()),
  decidedAt: z.optional(z.iso.datetime()),
  transactionId: z.optional(z.string()),
});

/** POST /give above the approval threshold: 202, nothing moved yet. */
export const givePendingResponseSchema = z.object({ grant: grantSchema });
export type GivePendingResponse = z.infer<typeof givePendingResponseSchema>;

export const grantResponseSchema = z.object({ grant: grantSchema });
export type GrantResponse = z.infer<typeof grantResponseSchema>;

export const approveGrantResponseSchema = z.object({
  grant: grantSchema,
  transaction: transactionSchema,
});
export type ApproveGrantResponse = z.infer<typeof approveGrantResponseSchema>;

export const rejectGrantRequestSchema = z.strictObject({
  reason: z.optional(noteSchema),
});

export const grantsQuerySchema = z.strictObject({
  ...pagingQuerySchema.shape,
  status: z._default(
    z.enum(['pending_approval', 'approved', 'rejected', 'expired']),
    'pending_approval',
  ),
});

export const grantsResponseSchema = z.object({
  grants: z.array(grantSchema),
  nextCursor: z.nullable(z.string()),
});
export type GrantsResponse = z.infer<typeof grantsResponseSchema>;

/** POST /give/batch: up to 1,000 grants, each recipient once (the domain checks it again). */
export const giveBatchRequestSchema = z.strictObject({
  grants: z.array(z.strictObject({ userId: userIdSchema, amount: amountSchema })).check(
    z.minLength(1, 'must hold at least 1 grant'),
    z.maxLength(MAX_BATCH_GRANTS, `must hold at most ${MAX_BATCH_GRANTS} grants`),
    z.refine(
      (grants) => new Set(grants.map((grant) => grant.userId)).size === grants.length,
      'must name each userId once',
    ),
  ),
  reason: z.optional(noteSchema),
});
export type GiveBatchRequestBody = z.infer<typeof giveBatchRequestSchema>;

export const batchGrantResultSchema = z.object({
  userId: z.string(),
  status: z.enum(['credited', 'replayed', 'failed']),
  transaction: z.optional(transactionSchema),
  error: z.optional(z.object({ code: z.string(), message: z.string() })),
});

export const giveBatchResponseSchema = z.object({ results: z.array(batchGrantResultSchema) });
export type GiveBatchResponse = z.infer<typeof giveBatchResponseSchema>;

const batchStatusSchema = z.enum(['pending_approval', 'approved', 'rejected', 'expired']);

export const batchSchema = z.object({
  batchId: z.string(),
  total: integer(),
  grantCount: integer(),
  reason: z.optional(z.string()),
  status: batchStatusSchema,
  requestedBy: z.string(),
  requestedAt: z.iso.datetime(),
  expiresAt: z.optional(z.iso.datetime()),
  decidedBy: z.optional(z.string()),
  decidedAt: z.optional(z.iso.datetime()),
});

/** POST /give/batch above the approval threshold: 202, nothing counted or given yet. */
export const batchResponseSchema = z.object({ batch: batchSchema });
export type BatchResponse = z.infer<typeof batchResponseSchema>;

/** POST /grants/{grantId}/reject: the grant, or the batch, as it is now. */
export const rejectGrantResponseSchema = z.union([grantResponseSchema, batchResponseSchema]);
export type RejectGrantResponse = z.infer<typeof rejectGrantResponseSchema>;

/** A listed batch carries its grants: what an approval would give, for the reviewer. */
export const listedBatchSchema = z.object({
  ...batchSchema.shape,
  grants: z.array(z.object({ userId: z.string(), amount: integer() })),
});

export const approveBatchResponseSchema = z.object({
  batch: batchSchema,
  results: z.array(batchGrantResultSchema),
});
export type ApproveBatchResponse = z.infer<typeof approveBatchResponseSchema>;

/** At most 10 a page: a batch holds up to 1,000 grants. */
export const MAX_BATCHES_PAGE = 10;
export const batchesQuerySchema = z.strictObject({
  limit: z._default(
    z.pipe(
      z.pipe(
        z
          .string()
          .check(z.regex(/^\d{1,2}$/, `must be a whole number from 1 to ${MAX_BATCHES_PAGE}`)),
        z.transform(Number),
      ),
      z.number().check(z.minimum(1), z.maximum(MAX_BATCHES_PAGE)),
    ),
    MAX_BATCHES_PAGE,
  ),
  cursor: pagingQuerySchema.shape.cursor,
  status: z._default(batchStatusSchema, 'pending_approval'),
});

export const batchesResponseSchema = z.object({
  batches: z.array(listedBatchSchema),
  nextCursor: z.nullable(z.string()),
});
export type BatchesResponse = z.infer<typeof batchesResponseSchema>;
