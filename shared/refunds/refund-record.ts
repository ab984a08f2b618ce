import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { NativeAttributeValue } from '@aws-sdk/util-dynamodb';
import { withRetry } from '#shared/dynamo/retry';
import type { LedgerContext } from '#shared/ledger/context';

/** Where a refund decision stands: decided (with Stripe's refund id once recorded), or credited. */
export type RefundDecision =
  | { readonly status: 'refunded'; readonly refundId?: string | undefined }
  | { readonly status: 'credited' };

/** The item that records a payment's credit or refund (a purchase, a subscription invoice). */
export interface RefundRecord {
  readonly tableName: string;
  readonly key: Readonly<Record<string, string>>;
  /** When the item is still undecided (absent, or pending); may name `#status`. */
  readonly undecided: string;
  readonly undecidedValues?: Readonly<Record<string, NativeAttributeValue>>;
}

/**
 * Decides, durably and before Stripe is asked, that a payment is refunded: from then on its
 * credit's condition fails, so no delivery can credit it. Idempotent: an item decided refunded
 * keeps its first `keep` values (reason, buyer, terms) and answers its refund id once recorded;
 * a credited one is left alone and answers `credited`. `set` is written on every decision.
 */
export async function decideRefunded(
  ctx: LedgerContext,
  record: RefundRecord,
  fields: {
    readonly set?: Readonly<Record<string, NativeAttributeValue>>;
    readonly keep: Readonly<Record<string, NativeAttributeValue | undefined>>;
  },
): Promise<RefundDecision> {
  const names: Record<string, string> = { '#status': 'status' };
  const values: Record<string, NativeAttributeValue> = {
    ':refunded': 'refunded',
    ':now': ctx.now().toISOString(),
    ...record.undecidedValues,
  };
  const clauses = ['#status = :refunded'];
  const add = (name: string, value: NativeAttributeValue, keepFirst: boolean) => {
    const i = clauses.length;
    names[`#f${i}`] = name;
    values[`:f${i}`] = value;
    clauses.push(keepFirst ? `#f${i} = if_not_exists(#f${i}, :f${i})` : `#f${i} = :f${i}`);
  };
  for (const [name, value] of Object.entries(fields.set ?? {})) add(name, value, false);
  for (const [name, value] of Object.entries(fields.keep)) {
    if (value !== undefined) add(name, value, true);
  }
  clauses.push('created_at = if_not_exists(created_at, :now)', 'updated_at = :now');
  try {
    const { Attributes } = await withRetry(
      () =>
        ctx.db.send(
          new UpdateCommand({
            TableName: record.tableName,
            Key: record.key,
            UpdateExpression: `SET ${clauses.join(', ')}`,
            ConditionExpression: `${record.undecided} OR #status = :refunded`,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
            ReturnValues: 'ALL_NEW',
          }),
        ),
      ctx.retryPolicy,
      ctx.onRetry,
    );
    const refundId = Attributes?.refund_id;
    return { status: 'refunded', refundId: typeof refundId === 'string' ? refundId : undefined };
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    return { status: 'credited' };
  }
}

/** Stripe's answer to the refund, on an item decided refunded. Idempotent. */
export async function recordRefundIdOn(
  ctx: LedgerContext,
  record: Pick<RefundRecord, 'tableName' | 'key'>,
  refundId: string,
): Promise<void> {
  await withRetry(
    () =>
      ctx.db.send(
        new UpdateCommand({
          TableName: record.tableName,
          Key: record.key,
          UpdateExpression: 'SET refund_id = :refund, updated_at = :now',
          ConditionExpression: '#status = :refunded',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':refund': refundId,
            ':refunded': 'refunded',
            ':now': ctx.now().toISOString(),
          },
        }),
      ),
    ctx.retryPolicy,
    ctx.onRetry,
  );
}
