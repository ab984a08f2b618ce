import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { publishStreamBatch } from '#shared/events/publish-stream-batch';
import { streamEventMapper } from '#shared/events/stream-events';
import { logger } from '#shared/logger';

const eventBridge = new EventBridgeClient({});

/**
 * The transactions and holds tables' streams → the platform's event bus: one
 * `TransactionPosted` event per committed posting, one hold event per hold placed or settled, at
 * least once (shared/events/publish-stream-batch.ts says why not exactly once). Not an API route:
 * Lambda's DynamoDB event source mappings (one per stream) invoke it; each record's stream says
 * which mapping applies.
 */
export const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> =>
  publishStreamBatch(
    event.Records,
    {
      eventBusName: process.env.EVENT_BUS_NAME ?? '',
      putEvents: (entries) => eventBridge.send(new PutEventsCommand({ Entries: [...entries] })),
      onFailure: (failure) =>
        logger.warn('stream batch stopped; Lambda resumes there', { ...failure }),
    },
    streamEventMapper({
      transactions: process.env.TRANSACTIONS_TABLE ?? '',
      holds: process.env.HOLDS_TABLE ?? '',
    }),
  );
