import {
  holdEventFor,
  type PlatformEvent,
  type StreamRecordLike,
  transactionEventFor,
  UnreadableStreamRecordError,
} from '#shared/events/platform-events';
import { type Hold, type HoldItem, toHold } from '#shared/holds/hold';

/** The tables whose streams are published, by physical name. */
export interface PublishedTables {
  readonly transactions: string;
  readonly holds: string;
}

/** A hold change as the event it means: the detail is the hold as the holds API shows it. */
export function holdChangeEventFor(record: StreamRecordLike): PlatformEvent<Hold> | undefined {
  return holdEventFor(record, (item) => toHold(item as unknown as HoldItem));
}

/**
 * The table a stream ARN belongs to: `arn:aws:dynamodb:<region>:<account>:table/<name>/stream/<label>`
 * (table names cannot contain `/`).
 */
export function tableOfStreamArn(arn: string | undefined): string | undefined {
  return arn?.match(/:table\/([^/]+)\/stream\//)?.[1];
}

/**
 * The mapping of one stream record to its event, chosen by the table its stream belongs to: the
 * transactions table's records → `TransactionPosted`, the holds table's → the hold events. A
 * record from any other stream is unreadable (a mapping wired to the wrong table): it stops the
 * batch there and, after the retries, goes to the dead-letter queue, never silently dropped.
 */
export function streamEventMapper(
  tables: PublishedTables,
): (record: StreamRecordLike) => PlatformEvent | undefined {
  // Without the names every record would be unreadable and dead-lettered: fail loudly instead.
  if (!tables.transactions || !tables.holds) {
    throw new Error('No tables to publish (TRANSACTIONS_TABLE, HOLDS_TABLE)');
  }
  return (record) => {
    const table = tableOfStreamArn(record.eventSourceARN);
    if (table === tables.transactions) return transactionEventFor(record);
    if (table === tables.holds) return holdChangeEventFor(record);
    throw new UnreadableStreamRecordError(
      record.dynamodb?.SequenceNumber,
      `from a stream the publisher does not publish (${record.eventSourceARN ?? 'no source ARN'})`,
    );
  };
}
