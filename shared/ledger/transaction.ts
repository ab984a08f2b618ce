import { createHash, randomUUID } from 'node:crypto';
import { publicWalletId } from '#shared/reserve/reserve-ids';

export const TRANSACTION_TYPES = [
  'purchase',
  'giveaway',
  'transfer',
  'refund',
  'dispute',
  'referral',
  'reward',
  'spend',
  'subscription',
] as const;
export type TransactionType = (typeof TRANSACTION_TYPES)[number];

/** A ledger transaction as the domain and the API see it: DASWOS AI is `0`, whichever shard. */
export interface Transaction {
  readonly transactionId: string;
  readonly fromUserId: string;
  readonly toUserId: string;
  readonly amount: number;
  readonly transactionType: TransactionType;
  readonly timestamp: string;
  readonly referenceId?: string;
  readonly description?: string;
  /** Spends: the DasWos feature the coins paid for (e.g. `boost`). */
  readonly feature?: string;
}

/** The stored item: the seed's snake_case columns plus the keys that make it exactly-once. */
export interface TransactionRecord {
  transaction_id: string;
  from_user_id: string;
  to_user_id: string;
  amount: number;
  transaction_type: TransactionType;
  timestamp: string;
  reference_id?: string;
  description?: string;
  /** Sort key of both history indexes: time order, ties broken by id. */
  history_key: string;
  /** Fingerprint of the request that wrote it: a replay must match, a reused key must not. */
  request_hash: string;
  /** Who asked for it (the admin of a giveaway, the sender of a transfer). */
  initiated_by?: string;
  /** Purchases: the Stripe PaymentIntent that paid, so refunds and disputes can be matched. */
  payment_intent_id?: string;
  /** Spends: the DasWos feature the coins paid for. */
  feature?: string;
  /** Postings made by a service: its Cognito app client id. */
  client_id?: string;
}

/**
 * The idempotency scope of an operation. The transaction id is derived from it, so the record's
 * `attribute_not_exists(transaction_id)` condition, inside the same TransactWriteItems as the
 * balance changes, is what makes the operation exactly-once.
 */
export interface IdempotencyScope {
  /** Whose key it is: the caller for transfers and giveaways, Stripe for purchases. */
  readonly owner: string;
  readonly key: string;
}

export function digest(parts: readonly unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url');
}

export function transactionIdFor(
  type: TransactionType,
  scope: IdempotencyScope | undefined,
): string {
  if (!scope) return `${type}_${randomUUID()}`;
  return `${type}_${digest([type, scope.owner, scope.key]).slice(0, 32)}`;
}

export function requestHash(fields: Record<string, unknown>): string {
  return digest(Object.entries(fields).sort(([a], [b]) => a.localeCompare(b)));
}

export function newRecord(fields: {
  transactionId: string;
  type: TransactionType;
  from: string;
  to: string;
  amount: number;
  referenceId: string | undefined;
  description: string | undefined;
  initiatedBy: string | undefined;
  paymentIntentId?: string | undefined;
  feature?: string | undefined;
  clientId?: string | undefined;
  requestHash: string;
  now: Date;
}): TransactionRecord {
  const timestamp = fields.now.toISOString();
  return {
    transaction_id: fields.transactionId,
    from_user_id: fields.from,
    to_user_id: fields.to,
    amount: fields.amount,
    transaction_type: fields.type,
    timestamp,
    ...(fields.referenceId === undefined ? {} : { reference_id: fields.referenceId }),
    ...(fields.description === undefined ? {} : { description: fields.description }),
    ...(fields.initiatedBy === undefined ? {} : { initiated_by: fields.initiatedBy }),
    ...(fields.paymentIntentId === undefined ? {} : { payment_intent_id: fields.paymentIntentId }),
    ...(fields.feature === undefined ? {} : { feature: fields.feature }),
    ...(fields.clientId === undefined ? {} : { client_id: fields.clientId }),
    history_key: `${timestamp}#${fields.transactionId}`,
    request_hash: fields.requestHash,
  };
}

export function toTransaction(record: TransactionRecord): Transaction {
  return {
    transactionId: record.transaction_id,
    fromUserId: publicWalletId(record.from_user_id),
    toUserId: publicWalletId(record.to_user_id),
    amount: record.amount,
    transactionType: record.transaction_type,
    timestamp: record.timestamp,
    ...(record.reference_id === undefined ? {} : { referenceId: record.reference_id }),
    ...(record.description === undefined ? {} : { description: record.description }),
    ...(record.feature === undefined ? {} : { feature: record.feature }),
  };
}
