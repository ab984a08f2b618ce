import { startDynamoDbLocal } from '#infra/local/dynamodb-local';

/** One DynamoDB Local for the whole jest run; every test file creates its own tables on it. */
export default async function globalSetup(): Promise<void> {
  const dynamo = await startDynamoDbLocal();
  process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;
  (globalThis as { __dynamoDbLocal__?: typeof dynamo }).__dynamoDbLocal__ = dynamo;
}
