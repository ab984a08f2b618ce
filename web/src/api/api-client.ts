import type {
  AdminUserResponse,
  ApproveBatchResponse,
  ApproveGrantResponse,
  BalanceResponse,
  BatchesResponse,
  BatchResponse,
  Bundle,
  BundlesResponse,
  FreezeResponse,
  GivePendingResponse,
  GiveRequestBody,
  GiveResponse,
  GrantResponse,
  GrantsResponse,
  HistoryResponse,
  ListHoldsResponse,
  Plan,
  PlansResponse,
  PortalResponse,
  PurchaseResponse,
  PurchaseStatusResponse,
  ReferralClaimResponse,
  ReferralResponse,
  RewardRulesResponse,
  SubscribeResponse,
  SubscriptionResponse,
  SupplyResponse,
  TransferRequestBody,
  TransferResponse,
} from './api-types';

export const API_PATH = '/api/daswos-coins';

/** An error answer of the API (`{ error: { code, message } }`), or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface ApiClientOptions {
  readonly baseUrl: string;
  /** The current access token, or undefined when signed out. */
  readonly getToken: () => string | undefined;
  readonly fetcher?: typeof fetch;
  /** Told of every failed call (refusals and network failures), after it failed. */
  readonly onFailure?: (error: ApiError, path: string) => void;
}

interface CallOptions {
  readonly body?: unknown;
  readonly idempotencyKey?: string;
  readonly auth?: boolean;
}

async function errorFrom(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as {
      error?: { code?: string; message?: string; requestId?: string };
    };
    if (body.error?.code) {
      return new ApiError(
        response.status,
        body.error.code,
        body.error.message ?? body.error.code,
        body.error.requestId,
      );
    }
  } catch {
    // Not JSON (a proxy's error page): fall through to a generic error.
  }
  return new ApiError(response.status, 'HTTP_ERROR', `The server answered ${response.status}`);
}

export type ApiClient = ReturnType<typeof createApiClient>;

/** One typed function per endpoint; every failure is an ApiError. */
export function createApiClient({
  baseUrl,
  getToken,
  fetcher = fetch,
  onFailure,
}: ApiClientOptions) {
  async function call<T>(method: 'GET' | 'POST', path: string, options: CallOptions = {}) {
    try {
      return await send<T>(method, path, options);
    } catch (error) {
      if (error instanceof ApiError) onFailure?.(error, path);
      throw error;
    }
  }

  async function send<T>(method: 'GET' | 'POST', path: string, options: CallOptions) {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.auth !== false) {
      const token = getToken();
      if (!token) throw new ApiError(401, 'UNAUTHORIZED', 'Please sign in first');
      headers.authorization = `Bearer ${token}`;
    }
    if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetcher(`${baseUrl}${API_PATH}${path}`, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
      });
    } catch {
      throw new ApiError(0, 'NETWORK_ERROR', 'The server could not be reached; please try again');
    }
    if (!response.ok) throw await errorFrom(response);
    return (await response.json()) as T;
  }

  return {
    balance: () => call<BalanceResponse>('GET', '/balance'),
    /** `types`: only these transaction types (filtered by the API); none or empty: all. */
    transactions: (
      cursor?: string | null,
      limit = 20,
      types: readonly HistoryResponse['transactions'][number]['transactionType'][] = [],
    ) => {
      const query = new URLSearchParams({ limit: String(limit) });
      if (cursor) query.set('cursor', cursor);
      if (types.length > 0) query.set('type', types.join(','));
      return call<HistoryResponse>('GET', `/transactions?${query}`);
    },
    supply: () => call<SupplyResponse>('GET', '/supply', { auth: false }),
    bundles: async (): Promise<readonly Bundle[]> =>
      (await call<BundlesResponse>('GET', '/bundles', { auth: false })).bundles,
    purchase: (bundleId: string, idempotencyKey: string) =>
      call<PurchaseResponse>('POST', '/purchase', { body: { bundleId }, idempotencyKey }),
    /** Where a purchase stands: pending, credited or refunded; 404 NOT_FOUND if not the caller's. */
    purchaseStatus: (sessionId: string) =>
      call<PurchaseStatusResponse>('GET', `/purchases/${encodeURIComponent(sessionId)}`),
    transfer: (body: TransferRequestBody, idempotencyKey: string) =>
      call<TransferResponse>('POST', '/transfer', { body, idempotencyKey }),
    /** The caller's active holds: coins a DasWos service reserved and has not settled yet. */
    activeHolds: () => call<ListHoldsResponse>('GET', '/holds?status=held'),
    /** The caller's referral code (made on first request), referred users and coins earned. */
    referral: () => call<ReferralResponse>('GET', '/referral'),
    /** Join through a friend's code: once, before the first credited purchase. */
    claimReferral: (code: string) =>
      call<ReferralClaimResponse>('POST', '/referral/claim', { body: { code } }),
    /** What DasWos pays coins for, and how often: public. */
    rewardRules: () => call<RewardRulesResponse>('GET', '/rewards/rules', { auth: false }),
    /** The monthly plans, public like the bundles. */
    plans: async (): Promise<readonly Plan[]> =>
      (await call<PlansResponse>('GET', '/plans', { auth: false })).plans,
    /** The caller's subscription, or null when they have none. */
    subscription: () => call<SubscriptionResponse>('GET', '/subscription'),
    /** A Checkout Session in subscription mode for the plan: the page goes to its url. */
    subscribe: (planId: string, idempotencyKey: string) =>
      call<SubscribeResponse>('POST', '/subscribe', { body: { planId }, idempotencyKey }),
    /** A Stripe customer-portal session to change or cancel the subscription. */
    subscriptionPortal: () => call<PortalResponse>('POST', '/subscription/portal'),
    /** Admins: giveaways waiting for a second admin's approval. */
    pendingGrants: () => call<GrantsResponse>('GET', '/grants?status=pending_approval'),
    approveGrant: (grantId: string) =>
      call<ApproveGrantResponse>('POST', `/grants/${encodeURIComponent(grantId)}/approve`),
    rejectGrant: (grantId: string) =>
      call<GrantResponse>('POST', `/grants/${encodeURIComponent(grantId)}/reject`),
    /** Admins: batch giveaways above the threshold, with their grants (the first page). */
    pendingBatches: () => call<BatchesResponse>('GET', '/grants/batches'),
    /** A batch is decided through the grants' own routes, by its `batch_` id. */
    approveBatch: (batchId: string) =>
      call<ApproveBatchResponse>('POST', `/grants/${encodeURIComponent(batchId)}/approve`),
    rejectBatch: (batchId: string) =>
      call<BatchResponse>('POST', `/grants/${encodeURIComponent(batchId)}/reject`),
    /** Admins: a wallet as support sees it. */
    adminUser: (userId: string) =>
      call<AdminUserResponse>('GET', `/admin/users/${encodeURIComponent(userId)}`),
    /** Admins: freeze (or unfreeze) a wallet, saying why; logged by the API. */
    setFrozen: (userId: string, frozen: boolean, reason: string) =>
      call<FreezeResponse>(
        'POST',
        `/admin/users/${encodeURIComponent(userId)}/${frozen ? 'freeze' : 'unfreeze'}`,
        { body: { reason } },
      ),
    give: (body: GiveRequestBody, idempotencyKey: string) =>
      // 201 with the giveaway, or 202 with a grant that waits for a second admin.
      call<GiveResponse | GivePendingResponse>('POST', '/give', { body, idempotencyKey }),
  };
}
