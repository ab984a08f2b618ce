import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type _Record, DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import * as z from 'zod';
import type { LocalRoute } from '#infra/local/gateway';
import { lambdaContext } from '#infra/local/lambda-events';
import { openTableStream, type TableStreamReader } from '#infra/local/table-stream-reader';
import {
  type PlatformEvent,
  type StreamRecordLike,
  UnreadableStreamRecordError,
} from '#shared/events/platform-events';
import { type PublishedTables, streamEventMapper } from '#shared/events/stream-events';
import { toErrorResponse } from '#shared/http/errors';
import { parseWith } from '#shared/http/request';

/** At most this many events per answer; the cursor pages on. */
export const EVENT_FEED_PAGE_SIZE = 500;

/** How often the reader looks at the streams when nobody asks (each request reads them first too). */
const POLL_INTERVAL_MS = 1_000;

export const eventFeedQuerySchema = z.strictObject({
  after: z
    .string()
    .regex(/^(0|[1-9]\d{0,15})$/, 'must be a cursor from an earlier answer')
    .optional(),
});

export interface EventFeed {
  /** `GET /local/events?after=<cursor>` → `{ events, cursor }`. */
  readonly route: LocalRoute;
  /** Reads the streams to their current end: every change committed before the call is in the log. */
  catchUp(): Promise<void>;
  /** The log from position `after` on (what the route answers). */
  read(after: number): { events: PlatformEvent[]; cursor: string };
  stop(): Promise<void>;
}

/** A record read, not yet in the log. */
interface Pending {
  readonly sequence: bigint;
  readonly event: PlatformEvent;
}

const bySequence = (a: Pending, b: Pending) =>
  a.sequence < b.sequence ? -1 : a.sequence > b.sequence ? 1 : 0;

/**
 * The platform's event feed on a laptop: DynamoDB Local's own streams of the transactions and
 * holds tables, read in process into an in-memory log. It publishes what the deployed publisher
 * would put on the bus (the same mapping, shared/events/stream-events.ts, chosen by the record's
 * stream as Lambda's records say it), so a developer sees what other services would receive.
 *
 * Order: the log is in commit order across both streams. DynamoDB Local runs one transaction
 * at a time and numbers the records of all its streams from one counter, in commit order (the
 * records of one transaction in the order of its items; measured): the log is sorted by that
 * sequence number. Two streams are not read at one instant, though: a posting committed just
 * after the transactions stream was read is missed by that read, while a hold committed after
 * it, before the holds stream is read, is not; logged at once, the later hold would come first.
 * So each catch-up reads every stream to its end twice and lets into the
 * log only the records numbered up to the highest number read before the second read began
 * (every smaller number was committed before that one and so is in hand); the rest wait for the
 * next catch-up. Every user's postings, and a hold's events beside its posting, thus appear in
 * the order they were committed. In AWS the bus gives no such order.
 * The cursor is a position in the log: stable and only growing for the life of the process.
 */
export async function startEventFeed(options: {
  readonly endpoint: string;
  readonly region: string;
  readonly tables: PublishedTables;
  /** Called with the streams client before any read (tests interleave commits with reads). */
  readonly instrument?: (streams: DynamoDBStreamsClient) => void;
}): Promise<EventFeed> {
  const config = {
    endpoint: options.endpoint,
    region: options.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  };
  const dynamo = new DynamoDBClient(config);
  const streams = new DynamoDBStreamsClient(config);
  options.instrument?.(streams);
  let readers: TableStreamReader[];
  try {
    readers = await Promise.all(
      [options.tables.transactions, options.tables.holds].map((table) =>
        openTableStream(dynamo, streams, table),
      ),
    );
  } catch (error) {
    streams.destroy();
    throw error;
  } finally {
    dynamo.destroy();
  }

  const log: PlatformEvent[] = [];
  const logged = new Set<string>();
  /** Read, and waiting for the records numbered before them (see the order above). */
  let pending: Pending[] = [];
  const mapping = streamEventMapper(options.tables);
  /** What the deployed publisher would send to its dead-letter queue is logged and skipped. */
  const eventOf = (record: StreamRecordLike): PlatformEvent | undefined => {
    try {
      return mapping(record);
    } catch (error) {
      if (!(error instanceof UnreadableStreamRecordError)) throw error;
      console.error(`event feed: ${error.message}; skipped`);
      return undefined;
    }
  };
  let stopped = false;

  /** Every stream to its current end; what is read is pending at once, even if a read fails. */
  async function readEveryStream(): Promise<void> {
    for (const reader of readers) {
      await reader.readToEnd((record: _Record) => {
        // Lambda's records name their stream; GetRecords' do not: the feed adds it.
        const event = eventOf({ ...record, eventSourceARN: reader.streamArn });
        const sequence = BigInt(record.dynamodb?.SequenceNumber ?? '0');
        if (event) pending.push({ sequence, event });
      });
    }
  }

  /** Into the log, in sequence order, every pending record numbered up to `watermark`. */
  function release(watermark: bigint): void {
    pending.sort(bySequence);
    const ready = pending.filter((p) => p.sequence <= watermark);
    pending = pending.filter((p) => p.sequence > watermark);
    for (const { event } of ready) {
      // A record read again (an iterator restarted at the oldest record) enters the log once.
      if (logged.has(event.id)) continue;
      logged.add(event.id);
      log.push(event);
    }
  }

  /**
   * Reads every stream to its end, then again; logs what is ready (see the order above). A
   * read that fails half-way keeps what it read pending for the next catch-up: the shards'
   * positions have moved past those records, so dropping them would lose them for good (the
   * load-and-fault run caught exactly that).
   */
  async function readToEnd(): Promise<void> {
    await readEveryStream();
    if (pending.length === 0) return;
    // Every record pending now was read before the second read starts: it, and every record
    // numbered before it, was committed by then, so the second read finds whatever is missing.
    let watermark = 0n;
    for (const { sequence } of pending) if (sequence > watermark) watermark = sequence;
    await readEveryStream();
    release(watermark);
  }

  // One reader at a time: a request's catch-up and the background poll never interleave.
  let reading: Promise<void> = Promise.resolve();
  const catchUp = (): Promise<void> => {
    reading = reading.catch(() => {}).then(() => (stopped ? undefined : readToEnd()));
    return reading;
  };

  let timer: NodeJS.Timeout | undefined;
  // A DynamoDB Local that is down (restarting) is said once, not every second.
  let failing = false;
  const poll = () => {
    catchUp()
      .then(() => {
        if (failing) console.info('event feed: reading the stream again');
        failing = false;
      })
      .catch((error: unknown) => {
        if (!failing) console.error('event feed: reading the stream failed:', String(error));
        failing = true;
      })
      .finally(() => {
        if (!stopped) timer = setTimeout(poll, POLL_INTERVAL_MS);
      });
  };
  await catchUp();
  timer = setTimeout(poll, POLL_INTERVAL_MS);

  const read = (after: number) => {
    const events = log.slice(after, after + EVENT_FEED_PAGE_SIZE);
    return { events, cursor: String(after + events.length) };
  };

  const route: LocalRoute = {
    method: 'GET',
    path: '/local/events',
    handle: async ({ query }) => {
      const context = lambdaContext('local-events');
      try {
        const { after } = parseWith(eventFeedQuerySchema, Object.fromEntries(query));
        await catchUp();
        return { status: 200, body: JSON.stringify(read(Number(after ?? '0'))) };
      } catch (error) {
        const answer = toErrorResponse(error, context.awsRequestId);
        return { status: answer.statusCode, body: answer.body };
      }
    },
  };

  return {
    route,
    catchUp,
    read,
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await reading.catch(() => {});
      streams.destroy();
    },
  };
}
