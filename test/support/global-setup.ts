import { startDynamoDbLocal } from '#infra/local/dynamodb-local';

/**
 * One DynamoDB Local for the whole jest run; every test file creates its own tables on it. The
 * run holds many tables and their streams at once: a large heap, and any Java error it prints
 * shown in the run's output (an error in one of its threads can stall every later request).
 */
export default async function globalSetup(): Promise<void> {
  const dynamo = await startDynamoDbLocal({
    longRunning: true,
    onError: (text) => process.stderr.write(`DynamoDB Local: ${text}`),
  });
  process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;
  (globalThis as { __dynamoDbLocal__?: typeof dynamo }).__dynamoDbLocal__ = dynamo;
}
