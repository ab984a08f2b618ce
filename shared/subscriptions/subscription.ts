/**
 * Subscriptions as this service keeps them: typed items in the subscriptions table, one key `id`.
 *
 *  - `user#<userId>`: the user's one Stripe customer (created once, reused by every subscribe)
 *    and the subscription GET /subscription shows (the latest live one the user had);
 *  - `subscription#<id>`: each subscription's user, plan and status, kept in step with Stripe:
 *    every event about it re-reads it from Stripe, so the order of delivery does not matter,
 *    and `canceled` is final (a canceled subscription never comes back, as on Stripe);
 *  - `invoice#<id>`: each subscription invoice this service settled: `credited` (written in the
 *    same TransactWriteItems as its `subscription` mint, with the transaction id) or `refunded`
 *    (paid but never creditable, the money sent back), never both, each written only when the
 *    item is absent (a refund decision may find it refunded already).
 */
export const SUBSCRIPTION_STATUSES = ['active', 'past_due', 'canceled'] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

/** A subscription that bills, or is trying to: one at a time per user. */
export const LIVE_STATUSES: ReadonlySet<SubscriptionStatus> = new Set(['active', 'past_due']);

/**
 * Stripe's statuses in ours. `trialing` bills later, so it is active; `unpaid`, `incomplete` and
 * `paused` are waiting for money, so they are past due; `incomplete_expired` never started.
 */
export function statusFromStripe(status: string): SubscriptionStatus {
  if (status === 'active' || status === 'trialing') return 'active';
  if (status === 'canceled' || status === 'incomplete_expired') return 'canceled';
  return 'past_due';
}

/**
 * Why a paid subscription invoice was refunded instead of credited:
 *  - `sold-out`: the remaining supply no longer covered the allowance;
 *  - `plan-unavailable`: the subscription's plan is no longer in the catalogue;
 *  - `terms-mismatch`: the amount or currency paid is not the plan's price;
 *  - `buyer-mismatch`: the subscription does not name a user.
 */
export const INVOICE_REFUND_REASONS = [
  'sold-out',
  'plan-unavailable',
  'terms-mismatch',
  'buyer-mismatch',
] as const;
export type InvoiceRefundReason = (typeof INVOICE_REFUND_REASONS)[number];

export const userKey = (userId: string) => `user#${userId}`;
export const subscriptionKey = (subscriptionId: string) => `subscription#${subscriptionId}`;
export const invoiceKey = (invoiceId: string) => `invoice#${invoiceId}`;

export interface UserItem {
  id: string;
  kind: 'user';
  user_id: string;
  /** The Stripe customer of every subscription of this user. */
  customer_id?: string;
  /** The subscription GET /subscription shows. */
  subscription_id?: string;
  updated_at: string;
}

export interface SubscriptionItem {
  id: string;
  kind: 'subscription';
  subscription_id: string;
  user_id: string;
  plan_id: string;
  status: SubscriptionStatus;
  /** ISO time the paid month ends (Stripe's item `current_period_end`); null when unknown. */
  current_period_end: string | null;
  cancel_at_period_end: boolean;
  updated_at: string;
}

export interface InvoiceItem {
  id: string;
  kind: 'invoice';
  invoice_id: string;
  subscription_id: string;
  status: 'credited' | 'refunded';
  /** Absent only on a refunded invoice that did not name a valid user. */
  user_id?: string;
  plan_id: string;
  coins: number;
  /** Credited: the `subscription` transaction. */
  transaction_id?: string;
  /** Refunded: Stripe's refund id (absent between the decision and Stripe's answer). */
  refund_id?: string;
  refund_reason?: InvoiceRefundReason;
  created_at: string;
  updated_at: string;
}

export type SubscriptionsTableItem = UserItem | SubscriptionItem | InvoiceItem;

/** A subscription as the API shows it to its subscriber. */
export interface Subscription {
  readonly subscriptionId: string;
  readonly planId: string;
  readonly status: SubscriptionStatus;
  readonly currentPeriodEnd: string | null;
  readonly cancelAtPeriodEnd: boolean;
}

export function toSubscription(item: SubscriptionItem): Subscription {
  return {
    subscriptionId: item.subscription_id,
    planId: item.plan_id,
    status: item.status,
    currentPeriodEnd: item.current_period_end,
    cancelAtPeriodEnd: item.cancel_at_period_end,
  };
}
