/**
 * A purchase's life cycle, one item per Checkout Session in the purchases table:
 *
 *   (none) --/purchase--> pending --paid, credited--> credited
 *      \                     \--paid, can never be credited--> refunded
 *       \--paid (the pending write was lost)--> credited | refunded
 *
 * `credited` and `refunded` are final and exclusive: each is written under the condition that the
 * item is absent or `pending` (a refund decision may also find it `refunded` already), so a
 * session is never both. The credit's status write commits in the same TransactWriteItems as the
 * `purchase` mint; the coins and the status cannot disagree.
 *
 * A purchase credited and later refunded or disputed through Stripe stays `credited`: it WAS
 * credited, and the coins taken back are their own `refund`/`dispute` transactions in the
 * history. `refunded` means exactly: paid, never credited, the money sent back.
 */
export const PURCHASE_STATUSES = ['pending', 'credited', 'refunded'] as const;
export type PurchaseStatus = (typeof PURCHASE_STATUSES)[number];

/**
 * Why a paid session was refunded instead of credited, as the API reports it:
 *  - `sold-out`: the remaining supply no longer covered the bundle when the payment arrived;
 *  - `bundle-unavailable`: the bundle is no longer in the catalogue;
 *  - `terms-mismatch`: what Stripe took (mode, amount, currency, coins) is not the bundle's terms;
 *  - `buyer-mismatch`: the session does not name one user consistently.
 */
export const REFUND_REASONS = [
  'sold-out',
  'bundle-unavailable',
  'terms-mismatch',
  'buyer-mismatch',
] as const;
export type RefundReason = (typeof REFUND_REASONS)[number];

/** The stored item (snake_case like the ledger's). */
export interface PurchaseItem {
  session_id: string;
  status: PurchaseStatus;
  /** Absent only on a refunded session that did not name a valid user. */
  user_id?: string;
  /** The bundle the session was for, and the coins it is worth (what the session claimed, for a
   * session refunded because its bundle or terms were wrong). */
  bundle_id: string;
  coins: number;
  created_at: string;
  updated_at: string;
  /** Credited: the `purchase` transaction. */
  transaction_id?: string;
  /** Refunded: Stripe's refund id (absent between the decision and Stripe's answer). */
  refund_id?: string;
  refund_reason?: RefundReason;
}

/** A purchase as the API shows it to its buyer. */
export interface Purchase {
  readonly sessionId: string;
  readonly status: PurchaseStatus;
  readonly bundleId: string;
  readonly coins: number;
  readonly transactionId?: string;
  readonly refundReason?: RefundReason;
}

export function toPurchase(item: PurchaseItem): Purchase {
  return {
    sessionId: item.session_id,
    status: item.status,
    bundleId: item.bundle_id,
    coins: item.coins,
    ...(item.transaction_id === undefined ? {} : { transactionId: item.transaction_id }),
    ...(item.refund_reason === undefined ? {} : { refundReason: item.refund_reason }),
  };
}
