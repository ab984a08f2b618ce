import type { $ZodType } from 'zod/v4/core';
import type { RouteHandlerName } from '#infra/routes';
import {
  adminActionsResponseSchema,
  adminUserResponseSchema,
  approveBatchResponseSchema,
  approveGrantResponseSchema,
  batchesQuerySchema,
  batchesResponseSchema,
  batchResponseSchema,
  freezeResponseSchema,
  giveBatchRequestSchema,
  giveBatchResponseSchema,
  givePendingResponseSchema,
  grantPathSchema,
  grantsQuerySchema,
  grantsResponseSchema,
  pageQuerySchema,
  reasonRequestSchema,
  rejectGrantRequestSchema,
  rejectGrantResponseSchema,
  userPathSchema,
} from '#shared/api/admin-schemas';
import {
  bundlesResponseSchema,
  purchasePathSchema,
  purchaseRequestSchema,
  purchaseResponseSchema,
  purchaseStatusResponseSchema,
  webhookResponseSchema,
} from '#shared/api/purchase-schemas';
import {
  referralClaimRequestSchema,
  referralClaimResponseSchema,
  referralResponseSchema,
} from '#shared/api/referral-schemas';
import {
  rewardRequestSchema,
  rewardResponseSchema,
  rewardRulesResponseSchema,
} from '#shared/api/reward-schemas';
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
  holdPathSchema,
  holdResponseSchema,
  listHoldsQuerySchema,
  listHoldsResponseSchema,
  placeHoldRequestSchema,
  placeHoldResponseSchema,
  spendRequestSchema,
  spendResponseSchema,
  voidHoldResponseSchema,
} from '#shared/api/spending-schemas';
import {
  plansResponseSchema,
  portalResponseSchema,
  subscribeRequestSchema,
  subscribeResponseSchema,
  subscriptionResponseSchema,
} from '#shared/api/subscription-schemas';
import { stripeEventSchema } from '#shared/api/webhook-schemas';

/** Any zod (or zod/mini) schema. */
export type Schema = $ZodType;

/** The groups of operations in the API description, each with what it is about. */
export const API_TAGS = {
  Wallet: "A signed-in user's own coins: balance, history, transfers",
  Admin: 'Operations for the Cognito admin group',
  Supply: 'The fixed supply of coins',
  Shop: 'Coin bundles and their purchase through Stripe Checkout',
  Subscriptions: 'Monthly plans paid through Stripe Billing, each paid month worth its coins',
  Stripe: 'Calls from Stripe, authenticated by their signature',
  Services: 'Other DasWos services spending coins (client-credentials tokens with a scope)',
  Earning: 'Coins earned from DASWOS AI: referrals and rewards',
} as const;
export type ApiTag = keyof typeof API_TAGS;

/** Response headers an operation may send on success, described once in the API description. */
export type ResponseHeaderName = 'Idempotent-Replayed';

/** What each route takes and answers, in the zod schemas its handler validates with. */
export interface ApiOperation {
  readonly summary: string;
  /** What the operation does and the rules it keeps, for the API description. */
  readonly description: string;
  readonly tags: readonly ApiTag[];
  /** `{name}` segments of the route's path; without it each is a required string. */
  readonly params?: Schema;
  readonly query?: Schema;
  /** A JSON body the handler parses with this schema (sent as anything but JSON: 415). */
  readonly body?: Schema;
  /** A body the handler does not parse with a schema (the Stripe webhook's signed event). */
  readonly signedBody?: Schema;
  /** `required` for service routes: the handler refuses a request without one. */
  readonly idempotencyKey?: boolean | 'required';
  /** What the Idempotency-Key does on this route, when it differs from the default. */
  readonly idempotencyKeyDescription?: string;
  readonly success: {
    readonly status: number;
    readonly schema: Schema;
    readonly headers?: readonly ResponseHeaderName[];
  };
  /** Another success answer (POST /give: 202 when the giveaway waits for a second admin; a
   * batch's approval: 200, beside a grant's 201). */
  readonly accepted?: {
    readonly status: number;
    readonly schema: Schema;
    readonly headers?: readonly ResponseHeaderName[];
  };
  /** The error codes this route can answer, beyond 500 INTERNAL. */
  readonly errors: readonly string[];
}

const AUTH_ERRORS = ['UNAUTHORIZED'];
/** Admin routes: a token outside the admin group, or one signed in without MFA. */
const ADMIN_AUTH_ERRORS = [...AUTH_ERRORS, 'FORBIDDEN', 'MFA_REQUIRED'];
/** A service route: 401 for no or a forged token, 403 for a token without the scope. */
const SERVICE_ERRORS = ['UNAUTHORIZED', 'FORBIDDEN'];

/** Keyed by the route table's handler names: a route without a description does not compile. */
export const apiOperations: Record<RouteHandlerName, ApiOperation> = {
  'get-balance': {
    summary: "The caller's balance",
    description:
      "The whole coins in the signed-in user's wallet (404 if the wallet was never created).",
    tags: ['Wallet'],
    success: { status: 200, schema: balanceResponseSchema },
    errors: [...AUTH_ERRORS, 'USER_NOT_FOUND'],
  },
  'list-transactions': {
    summary: "The caller's sent and received transactions, newest first",
    description:
      "One page of the signed-in user's history. `nextCursor` continues it; null means the end. " +
      '`type` keeps only transactions of the types given (comma-separated). A filtered page may ' +
      'be short, even empty, with a `nextCursor`: a request reads a bounded stretch of the ' +
      'history, so keep following the cursor until it is null. ' +
      'A repeated query parameter counts with its last value, as API Gateway passes it.',
    tags: ['Wallet'],
    query: historyQuerySchema,
    success: { status: 200, schema: historyResponseSchema },
    errors: [...AUTH_ERRORS, 'VALIDATION_ERROR'],
  },
  'transfer-coins': {
    summary: 'Send coins to another user',
    description:
      'Moves coins from the caller to another user in one transaction: never below zero, never ' +
      'to oneself or to the DASWOS AI wallet. With an Idempotency-Key it happens at most once.',
    tags: ['Wallet'],
    body: transferRequestSchema,
    idempotencyKey: true,
    success: { status: 201, schema: transferResponseSchema, headers: ['Idempotent-Replayed'] },
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
    summary: 'Give coins from DASWOS AI (admins)',
    description:
      'Mints coins from the remaining supply to a user (admins signed in with MFA only). With an ' +
      'Idempotency-Key it happens at most once per admin and key. Above the approval threshold it ' +
      'moves nothing and answers 202 with a grant that a second admin approves.',
    tags: ['Admin'],
    body: giveRequestSchema,
    idempotencyKey: true,
    success: { status: 201, schema: giveResponseSchema, headers: ['Idempotent-Replayed'] },
    accepted: {
      status: 202,
      schema: givePendingResponseSchema,
      headers: ['Idempotent-Replayed'],
    },
    errors: [
      ...ADMIN_AUTH_ERRORS,
      'VALIDATION_ERROR',
      'USER_NOT_FOUND',
      'SUPPLY_EXHAUSTED',
      'GIVE_LIMIT_REACHED',
      'IDEMPOTENCY_KEY_REUSED',
    ],
  },
  'give-coins-batch': {
    summary: 'Give coins from DASWOS AI to up to 1,000 users at once (admins)',
    description:
      'Each grant is its own exactly-once giveaway, keyed by the admin, the Idempotency-Key and ' +
      'the recipient (each recipient once per batch). The whole total is reserved on the ' +
      "admin's daily limit first, in one conditioned write, or nothing happens (409 " +
      'GIVE_LIMIT_REACHED). 200 with one result per grant in the order of the request: ' +
      '`credited`, `replayed` (given by an earlier attempt of this batch) or `failed` with its ' +
      'error (USER_NOT_FOUND, SUPPLY_EXHAUSTED: final, the amount goes back to the daily limit; ' +
      'INTERNAL or NOT_ATTEMPTED: send the same batch again to finish it). A total above the ' +
      'approval threshold moves nothing and answers 202 with a batch that a second admin ' +
      'reviews and approves. The same key with another body: 409.',
    tags: ['Admin'],
    body: giveBatchRequestSchema,
    idempotencyKey: 'required',
    idempotencyKeyDescription:
      'Required. Names the batch: sending it again gives what is left and replays the rest.',
    success: { status: 200, schema: giveBatchResponseSchema, headers: ['Idempotent-Replayed'] },
    accepted: { status: 202, schema: batchResponseSchema, headers: ['Idempotent-Replayed'] },
    errors: [
      ...ADMIN_AUTH_ERRORS,
      'VALIDATION_ERROR',
      'GIVE_LIMIT_REACHED',
      'IDEMPOTENCY_KEY_REUSED',
    ],
  },
  'get-supply': {
    summary: 'The fixed total, the minted and the remaining coins',
    description: 'Public. `mintedAmount + remainingAmount` is always `totalAmount`.',
    tags: ['Supply'],
    success: { status: 200, schema: supplyResponseSchema },
    errors: [],
  },
  'list-bundles': {
    summary: 'The coin bundles on sale, with their server-side prices',
    description: 'Public. The only prices the shop charges; a client never sends one.',
    tags: ['Shop'],
    success: { status: 200, schema: bundlesResponseSchema },
    errors: [],
  },
  'create-purchase': {
    summary: 'Start a Stripe Checkout Session for a bundle',
    description:
      'Creates a Checkout Session for one bundle at its catalogue price and answers its URL. ' +
      'The coins are credited by the webhook once Stripe reports the payment.',
    tags: ['Shop'],
    body: purchaseRequestSchema,
    idempotencyKey: true,
    idempotencyKeyDescription:
      'The same key, user and bundle give the same Checkout Session (Stripe idempotency).',
    success: { status: 200, schema: purchaseResponseSchema },
    errors: [...AUTH_ERRORS, 'VALIDATION_ERROR', 'SUPPLY_EXHAUSTED'],
  },
  'get-purchase': {
    summary: "One of the caller's purchases: pending, credited or refunded (and why)",
    description:
      '`pending` from the moment `POST /purchase` created the Checkout Session, `credited` once ' +
      'the webhook minted its coins, `refunded` when it could never be credited (with the ' +
      'reason). A purchase credited and later refunded through Stripe stays `credited`. ' +
      "404 for an unknown session or another user's.",
    tags: ['Shop'],
    params: purchasePathSchema,
    success: { status: 200, schema: purchaseStatusResponseSchema },
    errors: [...AUTH_ERRORS, 'VALIDATION_ERROR', 'NOT_FOUND'],
  },
  'spend-coins': {
    summary: "Charge a user's coins for a DasWos feature (services, scope daswos-coins/spend)",
    description:
      "A `spend` from the user to DASWOS AI in one posting: the coins leave circulation and can be sold again. The calling service's client id and the feature are recorded. Exactly once per service and Idempotency-Key.",
    tags: ['Services'],
    body: spendRequestSchema,
    idempotencyKey: 'required',
    success: { status: 201, schema: spendResponseSchema, headers: ['Idempotent-Replayed'] },
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
    description:
      "Moves coins from the user's `balance` to `held` and writes the hold, in one TransactWriteItems (never a frozen wallet). The hold expires after `expiresInSeconds` (default 900) and then goes back to the user.",
    tags: ['Services'],
    body: placeHoldRequestSchema,
    idempotencyKey: 'required',
    success: { status: 201, schema: placeHoldResponseSchema, headers: ['Idempotent-Replayed'] },
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
    description:
      "A hold of the calling service's; one past its expiry is released first, so it never shows `held` after `expiresAt`.",
    tags: ['Services'],
    params: holdPathSchema,
    success: { status: 200, schema: holdResponseSchema },
    errors: [...SERVICE_ERRORS, 'VALIDATION_ERROR', 'HOLD_NOT_FOUND'],
  },
  'capture-hold': {
    summary: 'Capture all or part of a hold as a spend; the rest goes back to the user',
    description:
      'The captured part becomes a `spend` to DASWOS AI and the rest goes back to the user, in one posting. Idempotent by hold: capturing a captured hold replays it.',
    tags: ['Services'],
    params: holdPathSchema,
    body: captureHoldRequestSchema,
    idempotencyKey: 'required',
    success: { status: 200, schema: captureHoldResponseSchema, headers: ['Idempotent-Replayed'] },
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
    description: "Gives all of a hold's coins back to the user. Idempotent by hold.",
    tags: ['Services'],
    params: holdPathSchema,
    idempotencyKey: 'required',
    success: { status: 200, schema: voidHoldResponseSchema, headers: ['Idempotent-Replayed'] },
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
    description: "The signed-in user's own holds, newest first.",
    tags: ['Wallet'],
    query: listHoldsQuerySchema,
    success: { status: 200, schema: listHoldsResponseSchema },
    errors: [...AUTH_ERRORS, 'VALIDATION_ERROR'],
  },
  'list-plans': {
    summary: 'The subscription plans, with their monthly prices and allowances',
    description:
      'Public. The only monthly prices the service charges; each paid month is worth the ' +
      "plan's `coinsPerMonth`.",
    tags: ['Subscriptions'],
    success: { status: 200, schema: plansResponseSchema },
    errors: [],
  },
  'create-subscription': {
    summary: 'Start a Stripe Checkout Session in subscription mode for a plan',
    description:
      "Creates a monthly subscription's Checkout Session at the plan's catalogue price, on the " +
      "caller's one Stripe customer, and answers its URL. Each paid invoice is credited by the " +
      'webhook. 409 while the caller has a subscription that is active or past due.',
    tags: ['Subscriptions'],
    body: subscribeRequestSchema,
    idempotencyKey: true,
    idempotencyKeyDescription:
      'The same key, user and plan give the same Checkout Session (Stripe idempotency).',
    success: { status: 200, schema: subscribeResponseSchema },
    errors: [...AUTH_ERRORS, 'VALIDATION_ERROR', 'ALREADY_SUBSCRIBED', 'SUPPLY_EXHAUSTED'],
  },
  'get-subscription': {
    summary: "The caller's subscription: active, past due or canceled",
    description:
      'The latest subscription the caller started, as Stripe last reported it, or null when ' +
      'they never subscribed. `currentPeriodEnd` is when the paid month ends.',
    tags: ['Subscriptions'],
    success: { status: 200, schema: subscriptionResponseSchema },
    errors: [...AUTH_ERRORS],
  },
  'create-portal-session': {
    summary: "A Stripe customer-portal session for the caller's subscription",
    description:
      "Answers the URL of Stripe's customer portal, where the caller cancels or changes the " +
      'card, and which returns to the coins page. 404 when the caller never subscribed.',
    tags: ['Subscriptions'],
    success: { status: 200, schema: portalResponseSchema },
    errors: [...AUTH_ERRORS, 'NOT_FOUND'],
  },
  'stripe-webhook': {
    summary: 'Stripe events (verified by their Stripe-Signature)',
    description:
      'Stripe posts its events here. The signature is checked over the exact bytes received; ' +
      'paid Checkout Sessions are credited once, each paid subscription invoice its monthly ' +
      'allowance once, subscription statuses kept in step, refunds and disputes clawed back once.',
    tags: ['Stripe'],
    signedBody: stripeEventSchema,
    success: { status: 200, schema: webhookResponseSchema },
    errors: ['VALIDATION_ERROR'],
  },
  'admin-get-user': {
    summary: 'A wallet as support sees it: balance, frozen, opened, last changed (admins)',
    description:
      "A wallet's balance, frozen flag and dates, for support. Read-only and not logged.",
    tags: ['Admin'],
    params: userPathSchema,
    success: { status: 200, schema: adminUserResponseSchema },
    errors: [...ADMIN_AUTH_ERRORS, 'VALIDATION_ERROR', 'USER_NOT_FOUND'],
  },
  'admin-list-user-transactions': {
    summary: "A user's sent and received transactions, newest first (admins)",
    description:
      "Any user's history with the same paging and `type` filter as `GET /transactions`, for support.",
    tags: ['Admin'],
    params: userPathSchema,
    query: historyQuerySchema,
    success: { status: 200, schema: historyResponseSchema },
    errors: [...ADMIN_AUTH_ERRORS, 'VALIDATION_ERROR'],
  },
  'admin-freeze-wallet': {
    summary: 'Freeze a wallet: it still receives, but cannot send or spend (admins, logged)',
    description:
      'Sets `frozen` on the wallet and logs who and why, in one transaction. Every debit of a frozen wallet is refused (409 `WALLET_FROZEN`) by a condition inside its own transaction; it still receives coins.',
    tags: ['Admin'],
    params: userPathSchema,
    body: reasonRequestSchema,
    success: { status: 200, schema: freezeResponseSchema },
    errors: [...ADMIN_AUTH_ERRORS, 'VALIDATION_ERROR', 'USER_NOT_FOUND'],
  },
  'admin-unfreeze-wallet': {
    summary: 'Unfreeze a wallet (admins, logged)',
    description: 'Lifts a freeze and logs who and why, in one transaction.',
    tags: ['Admin'],
    params: userPathSchema,
    body: reasonRequestSchema,
    success: { status: 200, schema: freezeResponseSchema },
    errors: [...ADMIN_AUTH_ERRORS, 'VALIDATION_ERROR', 'USER_NOT_FOUND'],
  },
  'admin-list-actions': {
    summary: 'The admin action log, newest first (admins)',
    description:
      'Gives, grant and batch requests, approvals, rejections, freezes and unfreezes, each with who, what, which wallet (none for a whole batch) and why, newest first.',
    tags: ['Admin'],
    query: pageQuerySchema,
    success: { status: 200, schema: adminActionsResponseSchema },
    errors: [...ADMIN_AUTH_ERRORS, 'VALIDATION_ERROR'],
  },
  'list-grants': {
    summary: 'Giveaway grants of one status, newest request first (admins)',
    description:
      'Giveaways above `GIVE_APPROVAL_THRESHOLD` wait here for a second admin; `?status=` filters (default `pending_approval`).',
    tags: ['Admin'],
    query: grantsQuerySchema,
    success: { status: 200, schema: grantsResponseSchema },
    errors: [...ADMIN_AUTH_ERRORS, 'VALIDATION_ERROR'],
  },
  'list-grant-batches': {
    summary: 'Batch giveaways of one status with their grants, newest first (admins)',
    description:
      'Batches whose total is above `GIVE_APPROVAL_THRESHOLD` wait here for a second admin, ' +
      'each with every grant it holds (what an approval gives); `?status=` filters (default ' +
      '`pending_approval`), at most 10 a page. They are approved and rejected by id through ' +
      '`/grants/{grantId}/approve` and `/reject`.',
    tags: ['Admin'],
    query: batchesQuerySchema,
    success: { status: 200, schema: batchesResponseSchema },
    errors: [...ADMIN_AUTH_ERRORS, 'VALIDATION_ERROR'],
  },

  'approve-grant': {
    summary: 'Approve a grant or a batch another admin requested: gives it exactly once (admins)',
    description:
      "A grant (`grant_…`): one TransactWriteItems mints the giveaway, flips the grant to `approved` (only while pending, unexpired and not the approver's own request), moves the requester's daily counter and logs it; 201. " +
      "A batch (`batch_…`): one TransactWriteItems flips it to `approved` under the same conditions, reserves its whole total on the requester's daily counter and logs it; then each grant is given once as `POST /give/batch` gives it; 200 with one result per grant. " +
      'Concurrent approvals give once; a repeat replays (and finishes a batch a crash cut short).',
    tags: ['Admin'],
    params: grantPathSchema,
    success: { status: 201, schema: approveGrantResponseSchema, headers: ['Idempotent-Replayed'] },
    accepted: { status: 200, schema: approveBatchResponseSchema, headers: ['Idempotent-Replayed'] },
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
    summary: 'Reject a pending grant or batch; nothing is given (admins)',
    description:
      'Closes a pending grant (answered as `{ grant }`) or batch (`{ batch }`) without giving anything, logged with who and why.',
    tags: ['Admin'],
    params: grantPathSchema,
    body: rejectGrantRequestSchema,
    success: { status: 200, schema: rejectGrantResponseSchema },
    errors: [...ADMIN_AUTH_ERRORS, 'VALIDATION_ERROR', 'GRANT_NOT_FOUND', 'GRANT_NOT_PENDING'],
  },
  'get-referral': {
    summary: "The caller's referral code and what it has earned",
    description:
      "The signed-in user's referral code (8 letters and digits, made on the first request and " +
      'the same ever after, not derived from the user id), how many users claimed it, and the ' +
      'referral coins it has earned (bonuses taken back after a refund are deducted). Share ' +
      '`/daswos-coins?ref=CODE`.',
    tags: ['Earning'],
    success: { status: 200, schema: referralResponseSchema },
    errors: [...AUTH_ERRORS],
  },
  'claim-referral': {
    summary: "Join through another user's referral code",
    description:
      'Once per user, before their first credited purchase; codes are case-insensitive. When ' +
      'that first purchase is credited, the referrer and the caller each receive a `referral` ' +
      'bonus from DASWOS AI, once; a full refund of it takes both back.',
    tags: ['Earning'],
    body: referralClaimRequestSchema,
    success: { status: 201, schema: referralClaimResponseSchema },
    errors: [
      ...AUTH_ERRORS,
      'VALIDATION_ERROR',
      'REFERRAL_CODE_NOT_FOUND',
      'REFERRAL_ALREADY_CLAIMED',
      'REFERRAL_NOT_ELIGIBLE',
    ],
  },
  'list-reward-rules': {
    summary: 'The rewarded actions: coins per occurrence and limits',
    description:
      'Public. The server-side reward catalogue (`REWARD_RULES`): the only coins a reward pays. ' +
      '`dailyLimit` counts per user per UTC day, `lifetimeLimit` per user ever.',
    tags: ['Earning'],
    success: { status: 200, schema: rewardRulesResponseSchema },
    errors: [],
  },
  'grant-reward': {
    summary: 'Reward a user for an action (services, scope daswos-coins/reward)',
    description:
      "Mints the rule's coins from DASWOS AI to the user as a `reward`, once per " +
      '`(action, occurrenceId)` whoever reports it (a repeat answers the first result with ' +
      '`Idempotent-Replayed: true`; the same occurrence for another user is 409 ' +
      'IDEMPOTENCY_KEY_REUSED). The daily (UTC) and lifetime limits are conditions of the minting ' +
      'transaction: past them, 409 REWARD_LIMIT_REACHED.',
    tags: ['Earning'],
    body: rewardRequestSchema,
    success: { status: 201, schema: rewardResponseSchema, headers: ['Idempotent-Replayed'] },
    errors: [
      ...SERVICE_ERRORS,
      'VALIDATION_ERROR',
      'USER_NOT_FOUND',
      'REWARD_LIMIT_REACHED',
      'SUPPLY_EXHAUSTED',
      'IDEMPOTENCY_KEY_REUSED',
    ],
  },
};
