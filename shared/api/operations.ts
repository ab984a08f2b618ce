import type { $ZodType } from 'zod/v4/core';
import type { RouteHandlerName } from '#infra/routes';
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
import {
  captureHoldRequestSchema,
  captureHoldResponseSchema,
  holdResponseSchema,
  listHoldsQuerySchema,
  listHoldsResponseSchema,
  placeHoldRequestSchema,
  placeHoldResponseSchema,
  spendRequestSchema,
  spendResponseSchema,
  voidHoldResponseSchema,
} from '#shared/api/spending-schemas';

/** Any zod (or zod/mini) schema. */
export type Schema = $ZodType;

/** What each route takes and answers, in the zod schemas its handler validates with. */
export interface ApiOperation {
  readonly summary: string;
  readonly query?: Schema;
  readonly body?: Schema;
  /** `required` for service routes: the handler refuses a request without one. */
  readonly idempotencyKey?: boolean | 'required';
  readonly success: { readonly status: number; readonly schema: Schema };
  /** The error codes this route can answer, beyond 500 INTERNAL. */
  readonly errors: readonly string[];
}

const AUTH_ERRORS = ['UNAUTHORIZED'];
/** A service route: 401 for no or a forged token, 403 for a token without the scope. */
const SERVICE_ERRORS = ['UNAUTHORIZED', 'FORBIDDEN'];

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
      'IDEMPOTENCY_KEY_REUSED',
    ],
  },
  'give-coins': {
    summary: 'Give coins from DASWOS AI (admins)',
    body: giveRequestSchema,
    idempotencyKey: true,
    success: { status: 201, schema: giveResponseSchema },
    errors: [
      ...AUTH_ERRORS,
      'FORBIDDEN',
      'VALIDATION_ERROR',
      'USER_NOT_FOUND',
      'SUPPLY_EXHAUSTED',
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
  'spend-coins': {
    summary: "Charge a user's coins for a DasWos feature (services, scope daswos-coins/spend)",
    body: spendRequestSchema,
    idempotencyKey: 'required',
    success: { status: 201, schema: spendResponseSchema },
    errors: [
      ...SERVICE_ERRORS,
      'VALIDATION_ERROR',
      'USER_NOT_FOUND',
      'INSUFFICIENT_FUNDS',
      'WALLET_FROZEN',
      'IDEMPOTENCY_KEY_REUSED',
    ],
  },
  'place-hold': {
    summary: "Reserve a user's coins for a feature (services, scope daswos-coins/spend)",
    body: placeHoldRequestSchema,
    idempotencyKey: 'required',
    success: { status: 201, schema: placeHoldResponseSchema },
    errors: [
      ...SERVICE_ERRORS,
      'VALIDATION_ERROR',
      'USER_NOT_FOUND',
      'INSUFFICIENT_FUNDS',
      'WALLET_FROZEN',
      'IDEMPOTENCY_KEY_REUSED',
    ],
  },
  'get-hold': {
    summary: 'One of the calling service’s holds (never `held` past its expiry)',
    success: { status: 200, schema: holdResponseSchema },
    errors: [...SERVICE_ERRORS, 'VALIDATION_ERROR', 'HOLD_NOT_FOUND'],
  },
  'capture-hold': {
    summary: 'Capture all or part of a hold as a spend; the rest goes back to the user',
    body: captureHoldRequestSchema,
    idempotencyKey: 'required',
    success: { status: 200, schema: captureHoldResponseSchema },
    errors: [
      ...SERVICE_ERRORS,
      'VALIDATION_ERROR',
      'HOLD_NOT_FOUND',
      'HOLD_NOT_ACTIVE',
      'HOLD_EXPIRED',
      'WALLET_FROZEN',
    ],
  },
  'void-hold': {
    summary: 'Give a hold’s coins back to the user',
    idempotencyKey: 'required',
    success: { status: 200, schema: voidHoldResponseSchema },
    errors: [
      ...SERVICE_ERRORS,
      'VALIDATION_ERROR',
      'HOLD_NOT_FOUND',
      'HOLD_NOT_ACTIVE',
      'HOLD_EXPIRED',
    ],
  },
  'list-holds': {
    summary: "The caller's holds, newest first (`?status=held`: the active ones)",
    query: listHoldsQuerySchema,
    success: { status: 200, schema: listHoldsResponseSchema },
    errors: [...AUTH_ERRORS, 'VALIDATION_ERROR'],
  },
  'stripe-webhook': {
    summary: 'Stripe events (verified by their Stripe-Signature)',
    success: { status: 200, schema: webhookResponseSchema },
    errors: ['VALIDATION_ERROR'],
  },
};
