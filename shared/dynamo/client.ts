import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface DocumentClientOptions {
  /** DynamoDB Local's URL; unset in AWS. */
  readonly endpoint?: string | undefined;
  readonly region?: string | undefined;
}

/**
 * One document client per process (create it at module scope in handlers so warm invocations
 * reuse its keep-alive connections). The SDK's own retries are off: the ledger owns its retry
 * policy (`withRetry`), so a retried write is always the same idempotent transaction.
 */
export function createDocumentClient(options: DocumentClientOptions = {}): DynamoDBDocumentClient {
  const config: DynamoDBClientConfig = {
    maxAttempts: 1,
    region: options.region ?? process.env.AWS_REGION ?? 'us-east-1',
  };
  if (options.endpoint) {
    config.endpoint = options.endpoint;
    // DynamoDB Local accepts any credentials; never look for real ones on a laptop.
    config.credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  }
  return DynamoDBDocumentClient.from(new DynamoDBClient(config), {
    marshallOptions: { removeUndefinedValues: true },
  });
}
