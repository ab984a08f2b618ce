import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import {
  TRANSACTION_TYPES,
  type Transaction,
  type TransactionRecord,
  toTransaction,
} from '#shared/ledger/transaction';

/** The `source` of every event DasWos Coins publishes; the platform's rules match on it. */
export const EVENT_SOURCE = 'daswos.coins';

/**
 * Every `detail-type` DasWos Coins publishes. `TransactionPosted` carries a `Transaction` (the
 * same shape as the API's); the hold events carry a hold as the holds API shows it.
 */
export const DETAIL_TYPES = {
  transactionPosted: 'TransactionPosted',
  holdCreated: 'HoldCreated',
  holdCaptured: 'HoldCaptured',
  holdVoided: 'HoldVoided',
  holdExpired: 'HoldExpired',
} as const;
export type DetailType = (typeof DETAIL_TYPES)[keyof typeof DETAIL_TYPES];

/** One event as consumers receive its content (EventBridge adds account, region, version). */
export interface PlatformEvent<Detail = unknown> {
  /** The stream record's id: the same change published twice carries the same id. */
  readonly id: string;
  readonly source: typeof EVENT_SOURCE;
  readonly 'detail-type': DetailType;
  /** When the change was committed (for a transaction, its own timestamp). */
  readonly time: string;
  readonly detail: Detail;
}

/**
 * The part of a DynamoDB stream record the mapping reads. Lambda's stream event and
 * `@aws-sdk/client-dynamodb-streams` GetRecords give records of this shape.
 */
export interface StreamRecordLike {
  readonly eventID?: string | undefined;
  /** The stream the record came from (Lambda adds it; GetRecords does not). */
  readonly eventSourceARN?: string | undefined;
  readonly eventName?: string | undefined;
  readonly dynamodb?:
    | {
        readonly NewImage?: Record<string, unknown> | undefined;
        readonly SequenceNumber?: string | undefined;
      }
    | undefined;
}

/** A stream record that should be an event and cannot be read as one (a poison record). */
export class UnreadableStreamRecordError extends Error {
  constructor(
    readonly sequenceNumber: string | undefined,
    reason: string,
  ) {
    super(`Stream record ${sequenceNumber ?? '(no sequence number)'}: ${reason}`);
    this.name = 'UnreadableStreamRecordError';
  }
}

const TYPES: ReadonlySet<string> = new Set(TRANSACTION_TYPES);

function isTransactionRecord(item: Record<string, unknown>): boolean {
  return (
    typeof item.transaction_id === 'string' &&
    typeof item.from_user_id === 'string' &&
    typeof item.to_user_id === 'string' &&
    typeof item.amount === 'number' &&
    Number.isSafeInteger(item.amount) &&
    typeof item.transaction_type === 'string' &&
    TYPES.has(item.transaction_type) &&
    typeof item.timestamp === 'string'
  );
}

/**
 * The event a change of the transactions table means, or undefined when it means none.
 * A transaction record is written once (`attribute_not_exists`) and never changed, so only an
 * INSERT is a posting; MODIFY and REMOVE (an operator's repair) are not published.
 */
export function transactionEventFor(
  record: StreamRecordLike,
): PlatformEvent<Transaction> | undefined {
  if (record.eventName !== 'INSERT') return undefined;
  const sequenceNumber = record.dynamodb?.SequenceNumber;
  const image = record.dynamodb?.NewImage;
  if (!image) throw new UnreadableStreamRecordError(sequenceNumber, 'no new image');
  const item = unmarshall(image as Record<string, AttributeValue>, { wrapNumbers: false });
  if (!isTransactionRecord(item)) {
    throw new UnreadableStreamRecordError(sequenceNumber, 'not a transaction record');
  }
  const transaction = toTransaction(item as TransactionRecord);
  return {
    id: record.eventID ?? transaction.transactionId,
    source: EVENT_SOURCE,
    'detail-type': DETAIL_TYPES.transactionPosted,
    time: transaction.timestamp,
    detail: transaction,
  };
}

/**
 * The hold event a change of a hold item means, from the stream's event name and the hold's
 * new status: placed (`INSERT`, `held`) → created; its one settlement (`MODIFY` to `captured`,
 * `voided` or `expired`, each a conditioned write from `held`) → captured / voided / expired.
 * With new images only, a later change of a settled hold would repeat its settlement event:
 * consumers deduplicate hold events by `holdId` and `detail-type`.
 */
export function holdEventTypeFor(
  eventName: string | undefined,
  status: string | undefined,
): DetailType | undefined {
  if (eventName === 'INSERT') return status === 'held' ? DETAIL_TYPES.holdCreated : undefined;
  if (eventName !== 'MODIFY') return undefined;
  if (status === 'captured') return DETAIL_TYPES.holdCaptured;
  if (status === 'voided') return DETAIL_TYPES.holdVoided;
  if (status === 'expired') return DETAIL_TYPES.holdExpired;
  return undefined;
}

/**
 * The hold event a change of the holds table means, or undefined: its type from
 * `holdEventTypeFor`, its detail from `toDetail` (the holds module's `toHold`), its time when the
 * hold was settled (`settled_at`) or else placed (`created_at`).
 */
export function holdEventFor<Detail>(
  record: StreamRecordLike,
  toDetail: (item: Record<string, unknown>) => Detail,
): PlatformEvent<Detail> | undefined {
  const sequenceNumber = record.dynamodb?.SequenceNumber;
  const image = record.dynamodb?.NewImage;
  if (!image) return undefined;
  const item = unmarshall(image as Record<string, AttributeValue>, { wrapNumbers: false });
  const type = holdEventTypeFor(
    record.eventName,
    typeof item.status === 'string' ? item.status : undefined,
  );
  if (!type) return undefined;
  const time = item.settled_at ?? item.created_at;
  if (typeof item.hold_id !== 'string' || typeof time !== 'string') {
    throw new UnreadableStreamRecordError(sequenceNumber, 'not a hold item');
  }
  return {
    id: record.eventID ?? `${item.hold_id}#${item.status}`,
    source: EVENT_SOURCE,
    'detail-type': type,
    time,
    detail: toDetail(item),
  };
}

/** A PutEvents entry: EventBridge's field names, the detail as JSON (at most 256 KB; a
 * transaction is well under 1 KB). */
export interface EventBridgeEntry {
  readonly Source: string;
  readonly DetailType: string;
  readonly Detail: string;
  readonly Time: Date;
  readonly EventBusName: string;
}

export function toEventBridgeEntry(event: PlatformEvent, eventBusName: string): EventBridgeEntry {
  return {
    Source: event.source,
    DetailType: event['detail-type'],
    Detail: JSON.stringify(event.detail),
    Time: new Date(event.time),
    EventBusName: eventBusName,
  };
}
