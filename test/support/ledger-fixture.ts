import { randomUUID } from 'node:crypto';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type AuditReport, auditLedger } from '#shared/audit/audit-ledger';
import { createDocumentClient } from '#shared/dynamo/client';
import { createTables } from '#shared/dynamo/create-tables';
import type { RetryPolicy } from '#shared/dynamo/retry';
import { createLedgerContext } from '#shared/ledger/context';
import { createLedger, type Ledger } from '#shared/ledger/ledger';
import { type TableNames, tableNamesFromEnv } from '#shared/tables';

export function dynamoEndpoint(): string {
  const endpoint = process.env.DYNAMODB_ENDPOINT;
  if (!endpoint) throw new Error('DYNAMODB_ENDPOINT is not set: is the jest global setup running?');
  return endpoint;
}

export function uniqueTablePrefix(): string {
  return `t${randomUUID().replaceAll('-', '').slice(0, 12)}_`;
}

export interface TestLedger {
  readonly ledger: Ledger;
  readonly tables: TableNames;
  readonly db: DynamoDBDocumentClient;
  /** Retries the ledger made, by error name. */
  readonly retries: Map<string, number>;
  audit(): Promise<AuditReport>;
  destroy(): Promise<void>;
}

export interface TestLedgerOptions {
  readonly totalAmount?: number;
  /** Shards of the DASWOS AI reserve (default: RESERVE_SHARDS, else 16). */
  readonly reserveShards?: number;
  /** Leaves the tables empty: the test seeds (or lays out an older ledger) itself. */
  readonly unseeded?: boolean;
  readonly retryPolicy?: RetryPolicy;
  /** Called with the fresh document client before any request, e.g. to inject faults. */
  readonly instrument?: (db: DynamoDBDocumentClient) => void;
  /** The ledger's clock (the seed included); the real clock when absent. */
  readonly now?: () => Date;
}

/** A seeded ledger on its own tables in the shared DynamoDB Local, so test files run in parallel. */
export async function createTestLedger(options: TestLedgerOptions = {}): Promise<TestLedger> {
  const endpoint = dynamoEndpoint();
  const tables = tableNamesFromEnv({}, uniqueTablePrefix());
  const admin = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await createTables(admin, tables);
  const db = createDocumentClient({ endpoint });
  const retries = new Map<string, number>();
  const ctx = createLedgerContext({
    db,
    tables,
    ...(options.retryPolicy ? { retryPolicy: options.retryPolicy } : {}),
    ...(options.now ? { now: options.now } : {}),
    onRetry: (error) => {
      const name = error instanceof Error ? error.name : 'unknown';
      retries.set(name, (retries.get(name) ?? 0) + 1);
    },
  });
  const ledger = createLedger(ctx);
  if (!options.unseeded) await ledger.seed(options.totalAmount, options.reserveShards);
  options.instrument?.(db);
  return {
    ledger,
    tables,
    db,
    retries,
    audit: () =>
      auditLedger(createLedgerContext({ db: createDocumentClient({ endpoint }), tables })),
    destroy: async () => {
      await Promise.all(
        Object.values(tables).map((TableName) => admin.send(new DeleteTableCommand({ TableName }))),
      );
      admin.destroy();
      db.destroy();
    },
  };
}

/** Asserts every ledger invariant; on failure jest prints the breaches by name. */
export async function expectLedgerInvariants(testLedger: TestLedger): Promise<AuditReport> {
  const report = await testLedger.audit();
  expect(report.breaches).toEqual([]);
  return report;
}

/** Creates wallets and gives them coins from DASWOS AI. */
export async function fundedUsers(
  testLedger: TestLedger,
  balances: Record<string, number>,
): Promise<void> {
  for (const [userId, balance] of Object.entries(balances)) {
    await testLedger.ledger.createWallet(userId);
    if (balance > 0) {
      await testLedger.ledger.mint({
        to: userId,
        amount: balance,
        type: 'giveaway',
        description: 'test funding',
      });
    }
  }
}
