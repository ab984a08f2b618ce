import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  type _Record,
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type Shard,
  TrimmedDataAccessException,
} from '@aws-sdk/client-dynamodb-streams';

/** One table's stream on DynamoDB Local, read from its oldest record on. */
export interface TableStreamReader {
  readonly tableName: string;
  readonly streamArn: string;
  /**
   * Reads every shard to its current end, handing each record over as it is read (so what a
   * read that fails half-way has read is not lost: the shard's position has moved past it).
   */
  readToEnd(onRecord: (record: _Record) => void): Promise<void>;
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
 * A reader of `tableName`'s stream (DescribeStream → shards → GetShardIterator TRIM_HORIZON →
 * GetRecords), each shard in its own order. Fails when the table has no stream.
 */
export async function openTableStream(
  dynamo: DynamoDBClient,
  streams: DynamoDBStreamsClient,
  tableName: string,
): Promise<TableStreamReader> {
  const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: tableName }));
  const streamArn = Table?.LatestStreamArn;
  if (!streamArn) throw new Error(`${tableName} has no stream: the event feed needs one`);
  const shards = new Map<string, ShardReader>();

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
   * (past the stream's 24 hours) does it restart at the oldest one (the feed skips what it has).
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

  return {
    tableName,
    streamArn,
    readToEnd: async (onRecord) => {
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
            onRecord(record);
          }
          if (records.length === 0) break;
        }
      }
    },
  };
}
