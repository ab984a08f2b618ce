/**
 * The API, as one table: the CDK stack builds an API Gateway route, a Lambda and its IAM grants
 * from each entry, and the local gateway serves the very same handlers from it.
 */
export const API_BASE_PATH = '/api/daswos-coins';

/** Who may call: `public` anyone, `user` a signed-in user, `admin` the Cognito `admin` group,
 * `stripe` anyone at the gateway (the handler verifies Stripe's signature over the raw body). */
export type Caller = 'public' | 'user' | 'admin' | 'stripe';

export type TableAccess = 'read' | 'write' | 'readWrite';

export interface RouteDefinition {
  readonly method: 'GET' | 'POST';
  /** Under API_BASE_PATH. */
  readonly path: string;
  /** Kebab-case file name in functions/ and the Lambda's logical name. */
  readonly handler: string;
  readonly caller: Caller;
  /** What the function may do to each table; anything absent is denied. */
  readonly tables: {
    readonly supply?: TableAccess;
    readonly wallets?: TableAccess;
    readonly transactions?: TableAccess;
    readonly purchases?: TableAccess;
    readonly referrals?: TableAccess;
  };
  /** Whether the function reads the Stripe secrets. */
  readonly stripe?: boolean;
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
    tables: { supply: 'write', wallets: 'write', transactions: 'write' },
  },
  {
    method: 'GET',
    path: '/supply',
    handler: 'get-supply',
    caller: 'public',
    tables: { supply: 'read' },
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
    // Reads: purchases and the clawback chain (GetItem), the fallback history Query, the purchase
    // record before a refund. Writes: the postings (Put record, Update wallets and minted_amount;
    // no wallet is read), a missing buyer wallet (conditional Put), the purchase's status (Update).
    method: 'POST',
    path: '/webhook',
    handler: 'stripe-webhook',
    caller: 'stripe',
    tables: {
      supply: 'write',
      wallets: 'write',
      transactions: 'readWrite',
      purchases: 'write',
      // The first-purchase marker (with the credit), the referee's profile and the referrer's
      // counter (GetItem, ConditionCheck, Update) for referral bonuses and their reversal.
      referrals: 'readWrite',
    },
    stripe: true,
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
] as const satisfies readonly RouteDefinition[];

export type RouteHandlerName = (typeof routes)[number]['handler'];
