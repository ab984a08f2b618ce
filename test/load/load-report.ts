import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditReport } from '#shared/audit/audit-ledger';
import type { createDocumentClient } from '#shared/dynamo/client';

/** What a load-and-fault run measured, and how it is checked and printed. */
export type OperationKind =
  | 'transfer'
  | 'give'
  | 'purchase'
  | 'history'
  | 'spend'
  | 'hold'
  | 'capture'
  | 'void';

export const OPERATION_KINDS: readonly OperationKind[] = [
  'transfer',
  'give',
  'purchase',
  'history',
  'spend',
  'hold',
  'capture',
  'void',
];

export interface LoadReport {
  readonly attempted: Record<OperationKind, number>;
  readonly succeeded: Record<OperationKind, number>;
  readonly rejected: Record<string, number>;
  readonly duplicateSends: number;
  readonly http5xx: number;
  readonly networkErrors: number;
  readonly clientRetries: number;
  readonly injected: Record<string, number>;
  readonly dynamoRestarts: number;
  readonly latencyMs: { readonly p50: number; readonly p99: number; readonly max: number };
  readonly elapsedMs: number;
  readonly audit: AuditReport;
  /** Accepted operations whose record is missing (lost) or present more than once (doubled). */
  readonly lost: number;
  /** The transaction ids or Checkout Sessions answered yes without a record. */
  readonly lostItems: readonly string[];
  /** Lost writes DynamoDB Local acknowledged in the second before it was killed: the emulator's. */
  readonly lostToCrash: readonly string[];
  readonly doubled: number;
  /** The event feed (GET /local/events) against the table: what the platform would receive. */
  readonly events: FeedCheck;
}

export interface FeedCheck {
  readonly published: number;
  /** Records in the table that no event carries. */
  readonly missing: readonly string[];
  /** Events beyond the first for the same transaction. */
  readonly duplicated: number;
  /** Events whose record is not in the table. */
  readonly withoutRecord: readonly string[];
}

/** Every committed record must be published exactly once, and nothing else. */
export function compareFeed(
  records: readonly StoredRecord[],
  publishedIds: readonly string[],
): FeedCheck {
  const ids = new Set(records.map((record) => record.transaction_id));
  const published = new Set(publishedIds);
  return {
    published: publishedIds.length,
    missing: [...ids].filter((id) => !published.has(id)),
    duplicated: publishedIds.length - published.size,
    withoutRecord: [...published].filter((id) => !ids.has(id)),
  };
}

interface StoredRecord {
  transaction_id: string;
  transaction_type: string;
  reference_id?: string;
  description?: string;
}

export async function scanRecords(
  db: ReturnType<typeof createDocumentClient>,
  tableName: string,
): Promise<StoredRecord[]> {
  const records: StoredRecord[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new ScanCommand({ TableName: tableName, ExclusiveStartKey: startKey, ConsistentRead: true }),
    );
    records.push(...((page.Items ?? []) as StoredRecord[]));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return records;
}

/**
 * Lost: an answer said yes (a 2xx with a transaction, or a webhook acknowledged) and no record
 * exists. Doubled: a record that no accepted operation explains, or a session credited twice.
 */
export function compare(
  records: readonly StoredRecord[],
  acceptedIds: ReadonlySet<string>,
  sessions: ReadonlySet<string>,
) {
  const ids = new Set(records.map((record) => record.transaction_id));
  const purchases = records.filter((record) => record.transaction_type === 'purchase');
  const creditedSessions = new Set(purchases.map((record) => record.reference_id));
  const lostItems = [
    ...[...acceptedIds].filter((id) => !ids.has(id)),
    ...[...sessions].filter((session) => !creditedSessions.has(session)),
  ];
  const unexplained = records.filter(
    (record) =>
      (record.transaction_type === 'transfer' ||
        record.transaction_type === 'giveaway' ||
        record.transaction_type === 'spend') &&
      record.description !== 'load funding' &&
      !acceptedIds.has(record.transaction_id),
  ).length;
  return {
    lostItems,
    doubled: unexplained + (purchases.length - creditedSessions.size),
  };
}

export function formatLoadReport(report: LoadReport): string {
  const rows: Array<[string, string]> = [
    ['operations attempted', JSON.stringify(report.attempted)],
    ['operations succeeded', JSON.stringify(report.succeeded)],
    ['rejected by reason', JSON.stringify(report.rejected)],
    ['duplicate sends (same key)', String(report.duplicateSends)],
    ['faults injected', JSON.stringify(report.injected)],
    ['DynamoDB Local kill -9 + restart', String(report.dynamoRestarts)],
    ['5xx answers / network errors', `${report.http5xx} / ${report.networkErrors}`],
    ['client retries (same key)', String(report.clientRetries)],
    [
      'latency per request p50 / p99 / max',
      `${report.latencyMs.p50} / ${report.latencyMs.p99} / ${report.latencyMs.max} ms`,
    ],
    ['elapsed', `${report.elapsedMs} ms`],
    ['lost / doubled', `${report.lost} / ${report.doubled} ${report.lostItems.join(' ')}`.trim()],
    [
      'lost with DynamoDB Local at its kill',
      `${report.lostToCrash.length} ${report.lostToCrash.join(' ')}`.trim(),
    ],
    [
      'events published / missing / duplicated / without record',
      `${report.events.published} / ${report.events.missing.length} / ${report.events.duplicated} / ${report.events.withoutRecord.length} ${[...report.events.missing, ...report.events.withoutRecord].join(' ')}`.trim(),
    ],
    [
      'audit',
      report.audit.ok
        ? `OK (${report.audit.wallets} wallets, ${report.audit.transactions} transactions)`
        : report.audit.breaches.join('; '),
    ],
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  return rows.map(([name, value]) => `| ${name.padEnd(width)} | ${value} |`).join('\n');
}
