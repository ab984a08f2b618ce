/**
 * The API's response shapes, taken from the server's zod schemas so that the page and the
 * handlers cannot drift apart. Type-only: these imports vanish from the bundle.
 */
export type {
  BalanceResponse,
  GiveRequestBody,
  GiveResponse,
  HistoryResponse,
  SupplyResponse,
  TransferRequestBody,
  TransferResponse,
} from '#shared/api/schemas';

import type { HistoryResponse } from '#shared/api/schemas';

// TODO(issue 4): import these from shared/api/purchase-schemas once the Stripe routes land; until
// then they restate the agreed contract of GET /bundles and POST /purchase.
export interface Bundle {
  readonly id: string;
  readonly coins: number;
  readonly priceCents: number;
  readonly currency: string;
}
export interface BundlesResponse {
  readonly bundles: Bundle[];
}
export interface PurchaseResponse {
  readonly sessionId: string;
  readonly url: string;
}

export type Transaction = HistoryResponse['transactions'][number];
