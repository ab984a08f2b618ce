/**
 * The API, as one table: the CDK stack builds an API Gateway route, a Lambda and its IAM grants
 * from each entry, and the local gateway serves the very same handlers from it.
 */
import type { ServiceScope } from '#shared/services/scopes';

export const API_BASE_PATH = '/api/daswos-coins';

/** Who may call: `public` anyone, `user` a signed-in user, `admin` the Cognito `admin` group,
 * `stripe` anyone at the gateway (the handler verifies Stripe's signature over the raw body),
 * `service` another DasWos service with a client-credentials token carrying the route's `scope`. */
export type Caller = 'public' | 'user' | 'admin' | 'stripe' | 'service';

export type TableAccess = 'read' | 'write' | 'readWrite';

export interface RouteDefinition {
  readonly method: 'GET' | 'POST';
  /** Under API_BASE_PATH. */
  readonly path: string;
  /** Kebab-case file name in functions/ and the Lambda's logical name. */
  readonly handler: string;
  readonly caller: Caller;
  /** Service routes: the OAuth scope the token must carry (checked by the gateway and the handler). */
  readonly scope?: ServiceScope;
  /** What the function may do to each table; anything absent is denied. */
  readonly tables: {
    readonly supply?: TableAccess;
    readonly wallets?: TableAccess;
    readonly transactions?: TableAccess;
    readonly purchases?: TableAccess;
    /** Grants, giveaway caps and the admin action log (shared/admin, shared/grants). */
    readonly admin?: TableAccess;
    readonly holds?: TableAccess;
    readonly subscriptions?: TableAccess;
    readonly referrals?: TableAccess;
    readonly rewardCounters?: TableAccess;
    /** The audit's checkpoints (shared/audit/audit-checkpoints.ts): the scheduled audit's only. */
    readonly audit?: TableAccess;
  };
  /** Whether the function reads the Stripe secrets. */
  readonly stripe?: boolean;
  /** The Lambda's timeout when 10 s is not enough; at most 29 (API Gateway's own limit). */
  readonly timeoutSeconds?: number;
}

export const routes = [
  {
    method: 'GET',
    path: '/balance',
    handler: 'get-balance',
    caller: 'user',
    tables: { wallets: 'read' },
  },
  {
    method: 'GET',
    path: '/transactions',
    handler: 'list-transactions',
    caller: 'user',
    tables: { transactions: 'read' },
  },
  {
    method: 'POST',
    path: '/transfer',
    handler: 'transfer-coins',
    caller: 'user',
    tables: { wallets: 'readWrite', transactions: 'write' },
  },
  {
    method: 'POST',
    path: '/give',
    handler: 'give-coins',
    caller: 'admin',
    // Admin: the daily counter, the log, a pending grant (Put; a replay reads it from the
    // cancellation, not by GetItem). Wallets: the grant's ConditionCheck on the recipient.
    tables: { supply: 'read', wallets: 'readWrite', transactions: 'write', admin: 'write' },
  },
  {
    method: 'POST',
    path: '/give/batch',
    handler: 'give-coins-batch',
    caller: 'admin',
    // Admin: the batch and its reservation on the daily counter, or a pending batch and its log
    // entry (Put + Update/Put; a replay reads the batch from the cancellation), per grant its log
    // entry, a release marker and the counter's give-back. Transactions: each grant's record, and
    // the release's ConditionCheck on it.
    tables: { supply: 'read', wallets: 'readWrite', transactions: 'write', admin: 'write' },
    // 1,000 grants at 16 at a time: well under a second at DynamoDB's published latencies; the
    // margin is for throttling retries. Just under API Gateway's 29 s, so the answer arrives.
    timeoutSeconds: 28,
  },
  {
    method: 'GET',
    path: '/supply',
    handler: 'get-supply',
    caller: 'public',
    tables: { supply: 'read', wallets: 'read' },
  },
  {
    method: 'GET',
    path: '/bundles',
    handler: 'list-bundles',
    caller: 'public',
    tables: {},
  },
  {
    method: 'POST',
    path: '/purchase',
    handler: 'create-purchase',
    caller: 'user',
    // Writes: the caller's wallet if it is missing (a conditional Put), the pending purchase.
    tables: { supply: 'read', wallets: 'write', purchases: 'write' },
    stripe: true,
  },
  {
    method: 'GET',
    path: '/purchases/{sessionId}',
    handler: 'get-purchase',
    caller: 'user',
    tables: { purchases: 'read' },
  },
  {
    method: 'GET',
    path: '/plans',
    handler: 'list-plans',
    caller: 'public',
    tables: {},
  },
  {
    method: 'POST',
    path: '/subscribe',
    handler: 'create-subscription',
    caller: 'user',
    // Reads: the user's subscription item (one at a time), the supply. Writes: the caller's wallet
    // if it is missing (a conditional Put), the user's Stripe customer.
    tables: { supply: 'read', wallets: 'write', subscriptions: 'readWrite' },
    stripe: true,
  },
  {
    method: 'GET',
    path: '/subscription',
    handler: 'get-subscription',
    caller: 'user',
    tables: { subscriptions: 'read' },
  },
  {
    method: 'POST',
    path: '/subscription/portal',
    handler: 'create-portal-session',
    caller: 'user',
    tables: { subscriptions: 'read' },
    stripe: true,
  },
  {
    // Reads: purchases and the clawback chain (GetItem), the fallback history Query, the purchase
    // record before a refund, the reserve's shard count and (at the last coins) its snapshot. Writes:
    // the postings (Put record, Update wallets), a missing buyer wallet (conditional Put), the purchase's status (Update).
    method: 'POST',
    path: '/webhook',
    handler: 'stripe-webhook',
    caller: 'stripe',
    tables: {
      supply: 'read',
      wallets: 'readWrite',
      transactions: 'readWrite',
      purchases: 'write',
      // Subscription and invoice items: the allowance's companion, the status, refund decisions.
      subscriptions: 'readWrite',
      // The first-purchase marker (with the credit), the referee's profile and the referrer's
      // counter (GetItem, ConditionCheck, Update) for referral bonuses and their reversal.
      referrals: 'readWrite',
    },
    stripe: true,
  },
  {
    method: 'GET',
    path: '/admin/users/{userId}',
    handler: 'admin-get-user',
    caller: 'admin',
    tables: { wallets: 'read' },
  },
  {
    method: 'GET',
    path: '/admin/users/{userId}/transactions',
    handler: 'admin-list-user-transactions',
    caller: 'admin',
    tables: { transactions: 'read' },
  },
  {
    // The flag and its log entry in one TransactWriteItems; no wallet is read.
    method: 'POST',
    path: '/admin/users/{userId}/freeze',
    handler: 'admin-freeze-wallet',
    caller: 'admin',
    tables: { wallets: 'write', admin: 'write' },
  },
  {
    method: 'POST',
    path: '/admin/users/{userId}/unfreeze',
    handler: 'admin-unfreeze-wallet',
    caller: 'admin',
    tables: { wallets: 'write', admin: 'write' },
  },
  {
    method: 'GET',
    path: '/admin/actions',
    handler: 'admin-list-actions',
    caller: 'admin',
    tables: { admin: 'read' },
  },
  {
    method: 'GET',
    path: '/grants',
    handler: 'list-grants',
    caller: 'admin',
    tables: { admin: 'read' },
  },
  {
    method: 'GET',
    path: '/grants/batches',
    handler: 'list-grant-batches',
    caller: 'admin',
    tables: { admin: 'read' },
  },
  {
    // Reads the grant (GetItem), then the giveaway's posting with its companions. A batch (a
    // `batch_` id): the approval's transaction, then each grant as POST /give/batch settles it.
    method: 'POST',
    path: '/grants/{grantId}/approve',
    handler: 'approve-grant',
    caller: 'admin',
    tables: { supply: 'read', wallets: 'readWrite', transactions: 'write', admin: 'readWrite' },
    timeoutSeconds: 28,
  },
  {
    method: 'POST',
    path: '/grants/{grantId}/reject',
    handler: 'reject-grant',
    caller: 'admin',
    tables: { admin: 'readWrite' },
  },
  {
    // Reads the caller's profile; on first request reserves a code (Put) and sets it (Update).
    method: 'GET',
    path: '/referral',
    handler: 'get-referral',
    caller: 'user',
    tables: { referrals: 'readWrite' },
  },
  {
    // Reads the code's owner; one TransactWriteItems over the claimer's and the referrer's profiles.
    method: 'POST',
    path: '/referral/claim',
    handler: 'claim-referral',
    caller: 'user',
    tables: { referrals: 'readWrite' },
  },
  {
    // One posting: the spend record, the user's wallet and a DASWOS AI reserve shard.
    method: 'POST',
    path: '/spend',
    handler: 'spend-coins',
    caller: 'service',
    scope: 'daswos-coins/spend',
    tables: { supply: 'read', wallets: 'readWrite', transactions: 'write' },
  },
  {
    // One TransactWriteItems: the hold (Put) and the wallet (balance -> held); then the balance.
    method: 'POST',
    path: '/holds',
    handler: 'place-hold',
    caller: 'service',
    scope: 'daswos-coins/spend',
    tables: { wallets: 'readWrite', holds: 'readWrite' },
  },
  {
    // Reads the hold; releases it (hold + wallet) when it is past its expiry.
    method: 'GET',
    path: '/holds/{holdId}',
    handler: 'get-hold',
    caller: 'service',
    scope: 'daswos-coins/spend',
    tables: { wallets: 'write', holds: 'readWrite' },
  },
  {
    // One posting with the hold as its companion; a replay reads the capture's spend record.
    method: 'POST',
    path: '/holds/{holdId}/capture',
    handler: 'capture-hold',
    caller: 'service',
    scope: 'daswos-coins/spend',
    tables: { supply: 'read', wallets: 'readWrite', transactions: 'readWrite', holds: 'readWrite' },
  },
  {
    method: 'POST',
    path: '/holds/{holdId}/void',
    handler: 'void-hold',
    caller: 'service',
    scope: 'daswos-coins/spend',
    tables: { wallets: 'readWrite', holds: 'readWrite' },
  },
  {
    // The user's holds (by_user index); past-expiry ones are released on the way.
    method: 'GET',
    path: '/holds',
    handler: 'list-holds',
    caller: 'user',
    tables: { wallets: 'write', holds: 'readWrite' },
  },
  {
    method: 'GET',
    path: '/rewards/rules',
    handler: 'list-reward-rules',
    caller: 'public',
    tables: {},
  },
  {
    // One posting (mint): the reward record, the user's wallet, a DASWOS AI reserve shard and the
    // rule's counters (Update, conditioned); a replay is read from the cancellation (ALL_OLD).
    method: 'POST',
    path: '/rewards',
    handler: 'grant-reward',
    caller: 'service',
    scope: 'daswos-coins/reward',
    tables: {
      supply: 'read',
      wallets: 'readWrite',
      transactions: 'write',
      rewardCounters: 'write',
    },
  },
] as const satisfies readonly RouteDefinition[];

export type RouteHandlerName = (typeof routes)[number]['handler'];
