import { QueryCommand, type QueryCommandInput, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { mapInOrder } from '#shared/concurrency';
import { withRetry } from '#shared/dynamo/retry';
import type { LedgerContext } from '#shared/ledger/context';

type Key = Record<string, unknown>;

/**
 * Streams a table, page by page (each page retried on its own), to `onPage`: the audit never
 * holds a table, only one page (<= 1 MB) per segment at a time. Each item is read consistently,
 * but the scan as a whole is no snapshot: items change while it runs, which is why no check made
 * on scanned items alone may report a breach (see audit-ledger.ts).
 */
export async function forEachScanPage<T>(
  ctx: LedgerContext,
  tableName: string,
  onPage: (items: readonly T[]) => Promise<void> | void,
  options: {
    readonly segments?: number;
    readonly attributes?: readonly string[];
    /** Only items whose `attribute` is at least `from` (an incremental audit's records since). */
    readonly since?: { readonly attribute: string; readonly from: string };
  } = {},
): Promise<void> {
  const segments = options.segments ?? 4;
  // Only the attributes the checks read (#a0, #a1, ... so that reserved words like `timestamp` pass).
  const names: Record<string, string> = Object.fromEntries(
    (options.attributes ?? []).map((name, i) => [`#a${i}`, name]),
  );
  if (options.since) names['#since'] = options.since.attribute;
  const expressions = {
    ...(options.attributes
      ? { ProjectionExpression: options.attributes.map((_, i) => `#a${i}`).join(', ') }
      : {}),
    // A filter spares memory, not reads: the scan still reads (and is billed for) every item.
    ...(options.since
      ? {
          FilterExpression: '#since >= :since',
          ExpressionAttributeValues: { ':since': options.since.from },
        }
      : {}),
    ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
  };
  await Promise.all(
    Array.from({ length: segments }, async (_, segment) => {
      let startKey: Key | undefined;
      do {
        const page = await withRetry(
          () =>
            ctx.db.send(
              new ScanCommand({
                TableName: tableName,
                Segment: segment,
                TotalSegments: segments,
                ExclusiveStartKey: startKey,
                ConsistentRead: true,
                ...expressions,
              }),
            ),
          ctx.retryPolicy,
          ctx.onRetry,
        );
        await onPage((page.Items ?? []) as T[]);
        startKey = page.LastEvaluatedKey;
      } while (startKey);
    }),
  );
}

/** Streams a Query's pages to `onItem` (e.g. a wallet's records from one history index). */
export async function forEachQueryItem<T>(
  ctx: LedgerContext,
  input: QueryCommandInput,
  onItem: (item: T) => void,
): Promise<void> {
  let startKey: Key | undefined;
  do {
    const page = await withRetry(
      () => ctx.db.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey })),
      ctx.retryPolicy,
      ctx.onRetry,
    );
    for (const item of page.Items ?? []) onItem(item as T);
    startKey = page.LastEvaluatedKey;
  } while (startKey);
}

/** Runs `work` over `items` with at most `limit` at a time. */
export async function inParallel<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  await mapInOrder(items, limit, work);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
