import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { transactionEventFor } from '#shared/events/platform-events';
import { publishStreamBatch } from '#shared/events/publish-stream-batch';
import { logger } from '#shared/logger';

const eventBridge = new EventBridgeClient({});

/**
 * The transactions table's stream → the platform's event bus: one `TransactionPosted` event per
 * committed posting, at least once (shared/events/publish-stream-batch.ts says why not exactly
 * once). Not an API route: Lambda's DynamoDB event source mapping invokes it.
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
    transactionEventFor,
  );
