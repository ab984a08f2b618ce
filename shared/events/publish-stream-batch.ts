import {
  type EventBridgeEntry,
  type PlatformEvent,
  type StreamRecordLike,
  toEventBridgeEntry,
  UnreadableStreamRecordError,
} from '#shared/events/platform-events';

/** EventBridge takes at most 10 entries per PutEvents call. */
export const PUT_EVENTS_MAX_ENTRIES = 10;

/** What PutEvents answers: one result per entry, in the entries' order; failed ones have an
 * ErrorCode (the call itself succeeds with FailedEntryCount > 0). */
export interface PutEventsAnswer {
  readonly FailedEntryCount?: number | undefined;
  readonly Entries?:
    | readonly {
        readonly EventId?: string;
        readonly ErrorCode?: string;
        readonly ErrorMessage?: string;
      }[]
    | undefined;
}

export interface StreamPublisher {
  readonly eventBusName: string;
  putEvents(entries: readonly EventBridgeEntry[]): Promise<PutEventsAnswer>;
  /** Hears why a batch stopped early (the function logs it). */
  onFailure?(failure: PublishFailure): void;
}

export interface PublishFailure {
  readonly sequenceNumber: string;
  readonly reason: string;
}

/** Lambda's answer to a stream batch with ReportBatchItemFailures: where to resume. */
export interface StreamBatchResponse {
  readonly batchItemFailures: { readonly itemIdentifier: string }[];
}

interface Pending {
  readonly sequenceNumber: string;
  readonly entry: EventBridgeEntry;
}

function sequenceNumberOf(record: StreamRecordLike): string {
  const sequenceNumber = record.dynamodb?.SequenceNumber;
  if (!sequenceNumber) throw new Error('A stream record without a sequence number');
  return sequenceNumber;
}

/** Publishes in order, 10 at a time; the first entry that did not make it, if any. */
async function publish(
  pending: readonly Pending[],
  publisher: StreamPublisher,
): Promise<PublishFailure | undefined> {
  for (let start = 0; start < pending.length; start += PUT_EVENTS_MAX_ENTRIES) {
    const chunk = pending.slice(start, start + PUT_EVENTS_MAX_ENTRIES);
    let answer: PutEventsAnswer;
    try {
      answer = await publisher.putEvents(chunk.map((p) => p.entry));
    } catch (error) {
      const first = chunk[0] as Pending;
      return { sequenceNumber: first.sequenceNumber, reason: `PutEvents failed: ${String(error)}` };
    }
    const failed = chunk.findIndex((_, i) => {
      const result = answer.Entries?.[i];
      return result === undefined || result.ErrorCode !== undefined || !result.EventId;
    });
    if (failed >= 0) {
      const result = answer.Entries?.[failed];
      return {
        sequenceNumber: (chunk[failed] as Pending).sequenceNumber,
        reason:
          `entry refused: ${result?.ErrorCode ?? 'no result'} ${result?.ErrorMessage ?? ''}`.trim(),
      };
    }
  }
  return undefined;
}

/**
 * Publishes a stream batch's events to the bus, in stream order, and says where Lambda must
 * resume. Delivery is at least once, never exactly once:
 *  - records are mapped and published in order; at the first record that cannot be mapped, or
 *    the first entry EventBridge refuses (or a call that fails outright), publishing stops and
 *    that record's sequence number is the one reported failure, so Lambda retries from it
 *    (it checkpoints everything before it) and no later record is lost;
 *  - entries of the same call after a refused one may have been published already, and a
 *    crash after PutEvents but before the answer repeats the whole batch: consumers deduplicate
 *    by `detail.transactionId` (hold events by `detail.holdId` + `detail-type`);
 *  - a record that keeps failing is split off by bisection and, after the retries, sent to
 *    the on-failure destination (the dead-letter queue) by Lambda, which then moves on.
 */
export async function publishStreamBatch(
  records: readonly StreamRecordLike[],
  publisher: StreamPublisher,
  eventFor: (record: StreamRecordLike) => PlatformEvent | undefined,
): Promise<StreamBatchResponse> {
  // A publisher without a bus would fail every entry; say why instead, once per invocation.
  if (!publisher.eventBusName) throw new Error('No event bus to publish to (EVENT_BUS_NAME)');
  const pending: Pending[] = [];
  let unreadable: PublishFailure | undefined;
  for (const record of records) {
    const sequenceNumber = sequenceNumberOf(record);
    try {
      const event = eventFor(record);
      if (event) {
        pending.push({ sequenceNumber, entry: toEventBridgeEntry(event, publisher.eventBusName) });
      }
    } catch (error) {
      if (!(error instanceof UnreadableStreamRecordError)) throw error;
      unreadable = { sequenceNumber, reason: error.message };
      break;
    }
  }
  const failure = (await publish(pending, publisher)) ?? unreadable;
  if (!failure) return { batchItemFailures: [] };
  publisher.onFailure?.(failure);
  return { batchItemFailures: [{ itemIdentifier: failure.sequenceNumber }] };
}
