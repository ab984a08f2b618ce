import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  type _Record,
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { createHolds } from '#shared/holds/holds';
import type { ServiceClient } from '#shared/services/service-clients';
import {
  createTestLedger,
  dynamoEndpoint,
  fundedUsers,
  type TestLedger,
} from '#test/support/ledger-fixture';

/**
 * The deployed function end to end, minus AWS: real stream records from DynamoDB Local's stream
 * of a real ledger go through the handler, whose real EventBridge client sends PutEvents to a
 * local endpoint that answers as EventBridge does (AWS itself is the only thing stood in for).
 */
interface PutEventsBody {
  Entries: { Source: string; DetailType: string; Detail: string; EventBusName: string }[];
}

let server: Server;
const received: { target: string | undefined; body: PutEventsBody }[] = [];
let refuseNext = 0;
let testLedger: TestLedger;

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as PutEventsBody;
      received.push({ target: request.headers['x-amz-target'] as string | undefined, body });
      const entries = body.Entries.map((_, i) =>
        i < refuseNext
          ? { ErrorCode: 'InternalFailure', ErrorMessage: 'try again' }
          : { EventId: `event-${received.length}-${i}` },
      );
      const failed = Math.min(refuseNext, body.Entries.length);
      refuseNext = 0;
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      response.end(JSON.stringify({ FailedEntryCount: failed, Entries: entries }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  process.env.AWS_ENDPOINT_URL_EVENTBRIDGE = `http://127.0.0.1:${port}`;
  process.env.AWS_ACCESS_KEY_ID = 'test';
  process.env.AWS_SECRET_ACCESS_KEY = 'test';
  process.env.AWS_REGION = 'us-east-1';
  process.env.EVENT_BUS_NAME = 'daswos-coins-test';
  testLedger = await createTestLedger();
  // As the stack configures it: the names tell the two streams apart.
  process.env.TRANSACTIONS_TABLE = testLedger.tables.transactions;
  process.env.HOLDS_TABLE = testLedger.tables.holds;
});

beforeEach(() => {
  received.length = 0;
});

afterAll(async () => {
  await testLedger?.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** Every record a table's stream holds, as Lambda would hand them over (naming their stream). */
async function streamEvent(
  tableName = testLedger.tables.transactions,
): Promise<DynamoDBStreamEvent> {
  const config = {
    endpoint: dynamoEndpoint(),
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  };
  const dynamo = new DynamoDBClient(config);
  const streams = new DynamoDBStreamsClient(config);
  try {
    const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: tableName }));
    const { StreamDescription } = await streams.send(
      new DescribeStreamCommand({ StreamArn: Table?.LatestStreamArn }),
    );
    const records: _Record[] = [];
    for (const shard of StreamDescription?.Shards ?? []) {
      const { ShardIterator } = await streams.send(
        new GetShardIteratorCommand({
          StreamArn: Table?.LatestStreamArn,
          ShardId: shard.ShardId,
          ShardIteratorType: 'TRIM_HORIZON',
        }),
      );
      const answer = await streams.send(new GetRecordsCommand({ ShardIterator, Limit: 1000 }));
      for (const record of answer.Records ?? []) {
        records.push({ ...record, eventSourceARN: Table?.LatestStreamArn } as _Record);
      }
    }
    return { Records: records } as unknown as DynamoDBStreamEvent;
  } finally {
    dynamo.destroy();
    streams.destroy();
  }
}

async function handler(): Promise<(event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>> {
  return (
    (await import('#functions/publish-transaction-events')) as {
      handler: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>;
    }
  ).handler;
}

describe('publish-transaction-events', () => {
  it('puts one TransactionPosted event per committed posting on the bus, then resumes at a refused one', async () => {
    await fundedUsers(testLedger, { alice: 40, bob: 0 });
    await testLedger.ledger.transfer({ from: 'alice', to: 'bob', amount: 15 });
    const event = await streamEvent();
    const publish = await handler();

    const answer = await publish(event);

    expect(answer).toEqual({ batchItemFailures: [] });
    expect(received.map((call) => call.target)).toEqual(['AWSEvents.PutEvents']);
    const entries = received.flatMap((call) => call.body.Entries);
    expect(entries.map((entry) => [entry.Source, entry.DetailType, entry.EventBusName])).toEqual([
      ['daswos.coins', 'TransactionPosted', 'daswos-coins-test'],
      ['daswos.coins', 'TransactionPosted', 'daswos-coins-test'],
    ]);
    expect(entries.map((entry) => JSON.parse(entry.Detail))).toEqual([
      expect.objectContaining({ fromUserId: '0', toUserId: 'alice', amount: 40 }),
      expect.objectContaining({ fromUserId: 'alice', toUserId: 'bob', amount: 15 }),
    ]);

    refuseNext = 1;
    const retried = await publish(event);

    const inserts = event.Records.filter((record) => record.eventName === 'INSERT');
    expect(retried).toEqual({
      batchItemFailures: [{ itemIdentifier: inserts[0]?.dynamodb?.SequenceNumber }],
    });
  });

  it('puts a HoldCreated then a HoldCaptured event on the bus from the holds stream, the hold as the API shows it', async () => {
    const shop: ServiceClient = {
      clientId: 'shop',
      name: 'Shop',
      scopes: ['daswos-coins/spend'],
      maxAmount: 1_000,
    };
    await fundedUsers(testLedger, { carol: 30 });
    const holds = createHolds(testLedger.ledger.context);
    const placed = await holds.place({
      client: shop,
      userId: 'carol',
      amount: 12,
      feature: 'boost',
      idempotencyKey: 'publish-hold',
    });
    const captured = await holds.capture(shop, placed.hold.holdId, 5);
    const event = await streamEvent(testLedger.tables.holds);
    const publish = await handler();

    const answer = await publish(event);

    expect(answer).toEqual({ batchItemFailures: [] });
    const entries = received.flatMap((call) => call.body.Entries);
    expect(entries.map((entry) => [entry.Source, entry.DetailType, entry.EventBusName])).toEqual([
      ['daswos.coins', 'HoldCreated', 'daswos-coins-test'],
      ['daswos.coins', 'HoldCaptured', 'daswos-coins-test'],
    ]);
    expect(entries.map((entry) => JSON.parse(entry.Detail))).toEqual([placed.hold, captured.hold]);
  });

  it('refuses a record from a stream it does not publish: the batch stops there for the dead-letter queue', async () => {
    const event = await streamEvent(testLedger.tables.transactions);
    const [first, ...rest] = event.Records;
    const stranger = {
      ...first,
      eventSourceARN: 'arn:aws:dynamodb:us-east-1:123456789012:table/daswos_wallets/stream/x',
    };
    const publish = await handler();

    const answer = await publish({ Records: [stranger, ...rest] } as DynamoDBStreamEvent);

    expect(answer).toEqual({
      batchItemFailures: [{ itemIdentifier: first?.dynamodb?.SequenceNumber }],
    });
    expect(received).toEqual([]);
  });
});
