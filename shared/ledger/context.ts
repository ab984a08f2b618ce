import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '#shared/dynamo/client';
import { defaultRetryPolicy, type RetryListener, type RetryPolicy } from '#shared/dynamo/retry';
import { type TableNames, tableNamesFromEnv } from '#shared/tables';

/** Everything a ledger operation needs from the outside world, so tests can bring their own. */
export interface LedgerContext {
  readonly db: DynamoDBDocumentClient;
  readonly tables: TableNames;
  readonly retryPolicy: RetryPolicy;
  readonly onRetry?: RetryListener | undefined;
  readonly now: () => Date;
}

export function createLedgerContext(overrides: Partial<LedgerContext> = {}): LedgerContext {
  return {
    db: overrides.db ?? createDocumentClient({ endpoint: process.env.DYNAMODB_ENDPOINT }),
    tables: overrides.tables ?? tableNamesFromEnv(),
    retryPolicy: overrides.retryPolicy ?? defaultRetryPolicy,
    onRetry: overrides.onRetry,
    now: overrides.now ?? (() => new Date()),
  };
}

let processContext: LedgerContext | undefined;

/** The process's one context (one DynamoDB client), shared by every capability's defaults. */
export function defaultLedgerContext(): LedgerContext {
  processContext ??= createLedgerContext();
  return processContext;
}
