/**
 * The API's response shapes, taken from the server's zod schemas so that the page and the
 * handlers cannot drift apart. Type-only: these imports vanish from the bundle.
 */
export type {
  AdminUserResponse,
  ApproveBatchResponse,
  ApproveGrantResponse,
  BatchesResponse,
  BatchResponse,
  FreezeResponse,
  GivePendingResponse,
  GrantResponse,
  GrantsResponse,
} from '#shared/api/admin-schemas';
export type {
  BundlesResponse,
  PurchaseResponse,
  PurchaseStatusResponse,
} from '#shared/api/purchase-schemas';
export type { ReferralClaimResponse, ReferralResponse } from '#shared/api/referral-schemas';
export type { RewardRulesResponse } from '#shared/api/reward-schemas';
export type {
  BalanceResponse,
  GiveRequestBody,
  GiveResponse,
  HistoryResponse,
  SupplyResponse,
  TransferRequestBody,
  TransferResponse,
} from '#shared/api/schemas';
export type { HoldBody as Hold, ListHoldsResponse } from '#shared/api/spending-schemas';
export type {
  PlansResponse,
  PortalResponse,
  SubscribeResponse,
  SubscriptionResponse,
} from '#shared/api/subscription-schemas';

import type { BatchesResponse, GrantsResponse } from '#shared/api/admin-schemas';
import type { BundlesResponse } from '#shared/api/purchase-schemas';
import type { HistoryResponse } from '#shared/api/schemas';
import type { PlansResponse, SubscriptionResponse } from '#shared/api/subscription-schemas';

export type Bundle = BundlesResponse['bundles'][number];
export type Transaction = HistoryResponse['transactions'][number];
export type Plan = PlansResponse['plans'][number];
export type Subscription = NonNullable<SubscriptionResponse['subscription']>;
export type Grant = GrantsResponse['grants'][number];
/** A batch giveaway waiting for a second admin, with the grants an approval would give. */
export type PendingBatch = BatchesResponse['batches'][number];
