import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type Shard,
  TrimmedDataAccessException,
} from '@aws-sdk/client-dynamodb-streams';
import * as z from 'zod';
import type { LocalRoute } from '#infra/local/gateway';
import { lambdaContext } from '#infra/local/lambda-events';
import {
  type PlatformEvent,
  type StreamRecordLike,
  transactionEventFor,
  UnreadableStreamRecordError,
} from '#shared/events/platform-events';
import { toErrorResponse } from '#shared/http/errors';
import { parseWith } from '#shared/http/request';

/** At most this many events per answer; the cursor pages on. */
export const EVENT_FEED_PAGE_SIZE = 500;

/** How often the reader looks at the stream when nobody asks (each request reads it first too). */
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
  /** Reads the stream to its current end: every posting committed before the call is in the log. */
  catchUp(): Promise<void>;
  /** The log from position `after` on (what the route answers). */
  read(after: number): { events: PlatformEvent[]; cursor: string };
  stop(): Promise<void>;
}

interface ShardReader {
  readonly shardId: string;
  iterator: string | undefined;
  /** The last record read: where a new iterator starts when the old one has expired. */
  lastSequenceNumber: string | undefined;
  /** A closed shard whose records have all been read. */
  done: boolean;
}

/**
 * The platform's event feed on a laptop: DynamoDB Local's own stream of the transactions table,
 * read in process (DescribeStream → shards → GetShardIterator TRIM_HORIZON → GetRecords) into an
 * in-memory log, in stream order. It publishes what the deployed publisher would put on the bus
 * (the same mapping, shared/events), so a developer sees what other services would receive.
 *
 * Order: DynamoDB Local commits transactions one at a time and numbers the stream's records in
 * commit order; the log keeps that order (each pass over the shards sorts by sequence number;
 * DynamoDB Local keeps one shard per table), so each user's postings appear in the order they
 * were committed. In AWS the bus gives no such order.
 * The cursor is a position in the log: stable for the life of the process.
 */
export async function startEventFeed(options: {
  readonly endpoint: string;
  readonly region: string;
  readonly tableName: string;
}): Promise<EventFeed> {
  const config = {
    endpoint: options.endpoint,
    region: options.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  };
  const dynamo = new DynamoDBClient(config);
  const streams = new DynamoDBStreamsClient(config);
  const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: options.tableName }));
  dynamo.destroy();
  const streamArn = Table?.LatestStreamArn;
  if (!streamArn) throw new Error(`${options.tableName} has no stream: the event feed needs one`);

  const log: PlatformEvent[] = [];
  const logged = new Set<string>();
  /** What the deployed publisher would send to its dead-letter queue is logged and skipped. */
  const eventOf = (record: StreamRecordLike): PlatformEvent | undefined => {
    try {
      return transactionEventFor(record);
    } catch (error) {
      if (!(error instanceof UnreadableStreamRecordError)) throw error;
      console.error(`event feed: ${error.message}; skipped`);
      return undefined;
    }
  };
  const shards = new Map<string, ShardReader>();
  let stopped = false;

  async function discoverShards(): Promise<void> {
    let exclusiveStartShardId: string | undefined;
    do {
      const { StreamDescription } = await streams.send(
        new DescribeStreamCommand({
          StreamArn: streamArn,
          ExclusiveStartShardId: exclusiveStartShardId,
        }),
      );
      for (const shard of StreamDescription?.Shards ?? ([] as Shard[])) {
        if (!shard.ShardId || shards.has(shard.ShardId)) continue;
        const { ShardIterator } = await streams.send(
          new GetShardIteratorCommand({
            StreamArn: streamArn,
            ShardId: shard.ShardId,
            ShardIteratorType: 'TRIM_HORIZON',
          }),
        );
        shards.set(shard.ShardId, {
          shardId: shard.ShardId,
          iterator: ShardIterator,
          lastSequenceNumber: undefined,
          done: !ShardIterator,
        });
      }
      exclusiveStartShardId = StreamDescription?.LastEvaluatedShardId;
    } while (exclusiveStartShardId);
  }

  /** An iterator that starts after the last record read (or at the oldest record there is). */
  async function freshIterator(reader: ShardReader, fromOldest: boolean) {
    const { ShardIterator } = await streams.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: reader.shardId,
        ...(reader.lastSequenceNumber && !fromOldest
          ? {
              ShardIteratorType: 'AFTER_SEQUENCE_NUMBER',
              SequenceNumber: reader.lastSequenceNumber,
            }
          : { ShardIteratorType: 'TRIM_HORIZON' }),
      }),
    );
    return ShardIterator;
  }

  /**
   * A shard's next records. An iterator can go stale: it expires after 15 minutes unused (a
   * laptop that slept), DynamoDB Local refuses as "trimmed" an iterator taken while the shard
   * was still empty, and a restarted DynamoDB Local knows none of the old ones. Whatever the
   * refusal, reading resumes after the last record read; only when that record itself is gone
   * (past the stream's 24 hours) does it restart at the oldest one (the log skips what it has).
   */
  async function getRecords(reader: ShardReader) {
    try {
      return await streams.send(
        new GetRecordsCommand({ ShardIterator: reader.iterator, Limit: 1000 }),
      );
    } catch {
      // A fresh iterator below; if DynamoDB Local is down, that fails too and says why.
    }
    try {
      const iterator = await freshIterator(reader, false);
      return await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
    } catch (error) {
      if (!(error instanceof TrimmedDataAccessException)) throw error;
      console.error(`event feed: records of shard ${reader.shardId} expired before they were read`);
      const iterator = await freshIterator(reader, true);
      return streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
    }
  }

  /**
   * One pass over every shard to its current end; the new events enter the log in order. What
   * a pass has read enters the log even when the pass fails half-way (DynamoDB Local killed
   * mid-read): the shard's position has moved past those records, so dropping them would lose
   * them for good (the load-and-fault run caught exactly that).
   */
  async function readToEnd(): Promise<void> {
    const fresh: { sequence: bigint; event: PlatformEvent }[] = [];
    try {
      await discoverShards();
      for (const reader of shards.values()) {
        while (!reader.done && reader.iterator) {
          const answer = await getRecords(reader);
          reader.iterator = answer.NextShardIterator;
          if (!reader.iterator) reader.done = true;
          const records = answer.Records ?? [];
          for (const record of records) {
            reader.lastSequenceNumber =
              record.dynamodb?.SequenceNumber ?? reader.lastSequenceNumber;
            const event = eventOf(record);
            if (event) fresh.push({ sequence: BigInt(reader.lastSequenceNumber ?? '0'), event });
          }
          if (records.length === 0) break;
        }
      }
    } finally {
      fresh.sort((a, b) => (a.sequence < b.sequence ? -1 : a.sequence > b.sequence ? 1 : 0));
      for (const { event } of fresh) {
        // A record read again (an iterator restarted at the oldest record) enters the log once.
        if (logged.has(event.id)) continue;
        logged.add(event.id);
        log.push(event);
      }
    }
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
