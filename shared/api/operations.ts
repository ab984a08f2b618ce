import type { $ZodType } from 'zod/v4/core';
import type { RouteHandlerName } from '#infra/routes';
import {
  adminActionsResponseSchema,
  adminUserResponseSchema,
  approveGrantResponseSchema,
  freezeResponseSchema,
  givePendingResponseSchema,
  grantResponseSchema,
  grantsQuerySchema,
  grantsResponseSchema,
  pageQuerySchema,
  reasonRequestSchema,
  rejectGrantRequestSchema,
} from '#shared/api/admin-schemas';
import {
  bundlesResponseSchema,
  purchaseRequestSchema,
  purchaseResponseSchema,
  webhookResponseSchema,
} from '#shared/api/purchase-schemas';
import {
  balanceResponseSchema,
  giveRequestSchema,
  giveResponseSchema,
  historyQuerySchema,
  historyResponseSchema,
  supplyResponseSchema,
  transferRequestSchema,
  transferResponseSchema,
} from '#shared/api/schemas';

/** Any zod (or zod/mini) schema. */
export type Schema = $ZodType;

/** What each route takes and answers, in the zod schemas its handler validates with. */
export interface ApiOperation {
  readonly summary: string;
  readonly query?: Schema;
  readonly body?: Schema;
  readonly idempotencyKey?: boolean;
  readonly success: { readonly status: number; readonly schema: Schema };
  /** Another success answer (POST /give: 202 when the giveaway waits for a second admin). */
  readonly accepted?: { readonly status: number; readonly schema: Schema };
  /** The error codes this route can answer, beyond 500 INTERNAL. */
  readonly errors: readonly string[];
}

const AUTH_ERRORS = ['UNAUTHORIZED'];
/** Admin routes: a token outside the admin group, or one signed in without MFA. */
const ADMIN_AUTH_ERRORS = [...AUTH_ERRORS, 'FORBIDDEN', 'MFA_REQUIRED'];

/** Keyed by the route table's handler names: a route without a description does not compile. */
export const apiOperations: Record<RouteHandlerName, ApiOperation> = {
  'get-balance': {
    summary: "The caller's balance",
    success: { status: 200, schema: balanceResponseSchema },
    errors: [...AUTH_ERRORS, 'USER_NOT_FOUND'],
  },
  'list-transactions': {
    summary: "The caller's sent and received transactions, newest first",
    query: historyQuerySchema,
    success: { status: 200, schema: historyResponseSchema },
    errors: [...AUTH_ERRORS, 'VALIDATION_ERROR'],
  },
  'transfer-coins': {
    summary: 'Send coins to another user',
    body: transferRequestSchema,
    idempotencyKey: true,
    success: { status: 201, schema: transferResponseSchema },
    errors: [
      ...AUTH_ERRORS,
      'VALIDATION_ERROR',
      'USER_NOT_FOUND',
      'INSUFFICIENT_FUNDS',
      'WALLET_FROZEN',
      'IDEMPOTENCY_KEY_REUSED',
      'RATE_LIMITED',
    ],
  },
  'give-coins': {
    summary:
      'Give coins from DASWOS AI (admins); above the approval threshold a grant waits for a second admin',
    body: giveRequestSchema,
    idempotencyKey: true,
    success: { status: 201, schema: giveResponseSchema },
    accepted: { status: 202, schema: givePendingResponseSchema },
    errors: [
      ...ADMIN_AUTH_ERRORS,
      'VALIDATION_ERROR',
      'USER_NOT_FOUND',
      'SUPPLY_EXHAUSTED',
      'GIVE_LIMIT_REACHED',
      'IDEMPOTENCY_KEY_REUSED',
    ],
  },
  'get-supply': {
    summary: 'The fixed total, the minted and the remaining coins',
    success: { status: 200, schema: supplyResponseSchema },
    errors: [],
  },
  'list-bundles': {
    summary: 'The coin bundles on sale, with their server-side prices',
    success: { status: 200, schema: bundlesResponseSchema },
    errors: [],
  },
  'create-purchase': {
    summary: 'Start a Stripe Checkout Session for a bundle',
    body: purchaseRequestSchema,
    success: { status: 200, schema: purchaseResponseSchema },
    errors: [...AUTH_ERRORS, 'VALIDATION_ERROR', 'SUPPLY_EXHAUSTED'],
  },
  'stripe-webhook': {
    summary: 'Stripe events (verified by their Stripe-Signature)',
    success: { status: 200, schema: webhookResponseSchema },
    errors: ['VALIDATION_ERROR'],
  },
  'admin-get-user': {
    summary: 'A wallet as support sees it: balance, frozen, opened, last changed (admins)',
    success: { status: 200, schema: adminUserResponseSchema },
    errors: [...ADMIN_AUTH_ERRORS, 'VALIDATION_ERROR', 'USER_NOT_FOUND'],
  },
  'admin-list-user-transactions': {
    summary: "A user's sent and received transactions, newest first (admins)",
    query: pageQuerySchema,
    success: { status: 200, schema: historyResponseSchema },
    errors: [...ADMIN_AUTH_ERRORS, 'VALIDATION_ERROR'],
  },
  'admin-freeze-wallet': {
    summary: 'Freeze a wallet: it still receives, but cannot send or spend (admins, logged)',
    body: reasonRequestSchema,
    success: { status: 200, schema: freezeResponseSchema },
    errors: [...ADMIN_AUTH_ERRORS, 'VALIDATION_ERROR', 'USER_NOT_FOUND'],
  },
  'admin-unfreeze-wallet': {
    summary: 'Unfreeze a wallet (admins, logged)',
    body: reasonRequestSchema,
    success: { status: 200, schema: freezeResponseSchema },
    errors: [...ADMIN_AUTH_ERRORS, 'VALIDATION_ERROR', 'USER_NOT_FOUND'],
  },
  'admin-list-actions': {
    summary: 'The admin action log, newest first (admins)',
    query: pageQuerySchema,
    success: { status: 200, schema: adminActionsResponseSchema },
    errors: [...ADMIN_AUTH_ERRORS, 'VALIDATION_ERROR'],
  },
  'list-grants': {
    summary: 'Giveaway grants of one status, newest request first (admins)',
    query: grantsQuerySchema,
    success: { status: 200, schema: grantsResponseSchema },
    errors: [...ADMIN_AUTH_ERRORS, 'VALIDATION_ERROR'],
  },
  'approve-grant': {
    summary: 'Approve a grant another admin requested: mints its giveaway exactly once (admins)',
    success: { status: 201, schema: approveGrantResponseSchema },
    errors: [
      ...ADMIN_AUTH_ERRORS,
      'SELF_APPROVAL_FORBIDDEN',
      'VALIDATION_ERROR',
      'GRANT_NOT_FOUND',
      'USER_NOT_FOUND',
      'GRANT_NOT_PENDING',
      'GRANT_EXPIRED',
      'GIVE_LIMIT_REACHED',
      'SUPPLY_EXHAUSTED',
    ],
  },
  'reject-grant': {
    summary: 'Reject a pending grant; nothing is minted (admins)',
    body: rejectGrantRequestSchema,
    success: { status: 200, schema: grantResponseSchema },
    errors: [...ADMIN_AUTH_ERRORS, 'VALIDATION_ERROR', 'GRANT_NOT_FOUND', 'GRANT_NOT_PENDING'],
  },
};
