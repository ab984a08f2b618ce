import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { withRetry } from '#shared/dynamo/retry';
import { InvalidCursorError, ValidationError } from '#shared/errors';
import type { LedgerContext } from '#shared/ledger/context';
import { assertUserId } from '#shared/ledger/rules';
import {
  TRANSACTION_TYPES,
  type Transaction,
  type TransactionRecord,
  type TransactionType,
  toTransaction,
} from '#shared/ledger/transaction';
import { transactionsTable } from '#shared/tables';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export interface HistoryPage {
  readonly transactions: Transaction[];
  readonly nextCursor: string | null;
}

/**
 * A cursor is the position after the last item shown (its history key) and the user it belongs
 * to. It holds no table key, and every query is made for the caller's own id, so a cursor can
 * never open another user's history; one minted for someone else is rejected outright.
 */
interface CursorContent {
  readonly u: string;
  readonly k: string;
}

const HISTORY_KEY_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z#[A-Za-z0-9_-]{1,80}$/;

export function encodeCursor(userId: string, historyKey: string): string {
  return Buffer.from(JSON.stringify({ u: userId, k: historyKey } satisfies CursorContent)).toString(
    'base64url',
  );
}

export function decodeCursor(userId: string, cursor: string): string {
  try {
    const content: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const { u, k } = content as Partial<CursorContent>;
    if (u === userId && typeof k === 'string' && HISTORY_KEY_PATTERN.test(k)) return k;
  } catch {
    // Not JSON: falls through to the same answer as any other foreign cursor.
  }
  throw new InvalidCursorError();
}

/**
 * A type filter reads the index 200 items a Query at most, and one side of the history stops
 * after 5 Queries (1,000 items): a user with years of transfers asking for their one refund gets
 * a short page, perhaps empty, and a cursor to go on from, not a request that reads everything.
 */
export const FILTERED_QUERY_SIZE = 200;
export const MAX_QUERIES_PER_SIDE = 5;

export interface HistoryOptions {
  readonly limit?: number | undefined;
  readonly cursor?: string | undefined;
  /** Only transactions of these types; none or empty: every type. */
  readonly types?: readonly TransactionType[] | undefined;
  /** Index items one side reads per Query when filtering (tests make it small). */
  readonly filteredQuerySize?: number | undefined;
}

interface OneSide {
  /** The side's records, newest first, down to where it stopped reading. */
  readonly records: TransactionRecord[];
  /**
   * Where the side stopped with fewer records than asked for and the index not at its end (the
   * read bound): the history key of the last item it read. Nothing older than it was looked at.
   */
  readonly stoppedAt: string | undefined;
}

/**
 * Up to `wanted` records of one side of the user's history, newest first, before `before`.
 *
 * With a type filter, DynamoDB applies `Limit` to the items it reads, BEFORE the FilterExpression
 * drops the other types: a page of 200 read may hold none that match, and only the absence of
 * LastEvaluatedKey means the index has ended. So the side keeps reading with the cursor until it
 * has `wanted` records or the index ends, bounded at MAX_QUERIES_PER_SIDE Queries (the filter
 * saves bytes on the wire, not read capacity: every item read is paid for).
 */
async function newestOnOneSide(
  ctx: LedgerContext,
  side: { indexName: string; userAttribute: string },
  userId: string,
  before: string | undefined,
  wanted: number,
  filter: { types: readonly TransactionType[]; querySize: number } | undefined,
): Promise<OneSide> {
  const records: TransactionRecord[] = [];
  const typeValues = Object.fromEntries(
    (filter?.types ?? []).map((type, index) => [`:type${index}`, type]),
  );
  let startKey: Record<string, unknown> | undefined;
  let queries = 0;
  do {
    const page = await withRetry(
      () =>
        ctx.db.send(
          new QueryCommand({
            TableName: ctx.tables.transactions,
            IndexName: side.indexName,
            KeyConditionExpression:
              before === undefined
                ? `${side.userAttribute} = :user`
                : `${side.userAttribute} = :user AND history_key < :before`,
            ...(filter
              ? {
                  FilterExpression: `#type IN (${Object.keys(typeValues).join(', ')})`,
                  ExpressionAttributeNames: { '#type': 'transaction_type' },
                }
              : {}),
            ExpressionAttributeValues: {
              ':user': userId,
              ...(before === undefined ? {} : { ':before': before }),
              ...typeValues,
            },
            ScanIndexForward: false,
            Limit: filter ? filter.querySize : wanted - records.length,
            ExclusiveStartKey: startKey,
          }),
        ),
      ctx.retryPolicy,
      ctx.onRetry,
    );
    records.push(...((page.Items ?? []) as TransactionRecord[]));
    startKey = page.LastEvaluatedKey;
    queries++;
  } while (startKey && records.length < wanted && queries < MAX_QUERIES_PER_SIDE);
  const bounded = startKey !== undefined && records.length < wanted;
  return { records, stoppedAt: bounded ? String(startKey?.history_key) : undefined };
}

/**
 * The user's sent and received transactions, newest first (ties broken by transaction id), by
 * merging one Query on each history index. Each side is asked for one more record than the page
 * needs: if the merge has more than `limit`, there is a next page; if not, both sides are done.
 *
 * With a type filter a side may stop at its read bound first. Then the page holds only what both
 * sides have read (records at or after the newer of the stopping points, the floor), and when
 * that is not a full page the cursor continues from the floor: the page may be short, even empty,
 * with a cursor, and following the cursors still gives every matching transaction exactly once.
 */
export async function listTransactions(
  ctx: LedgerContext,
  userId: string,
  options: HistoryOptions = {},
): Promise<HistoryPage> {
  assertUserId(userId);
  const limit = options.limit ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new ValidationError(`The limit must be a whole number from 1 to ${MAX_PAGE_SIZE}`);
  }
  const types = [...new Set(options.types ?? [])];
  if (types.some((type) => !TRANSACTION_TYPES.includes(type))) {
    throw new ValidationError(`The type must be one of ${TRANSACTION_TYPES.join(', ')}`);
  }
  const filter =
    types.length === 0
      ? undefined
      : { types, querySize: options.filteredQuerySize ?? FILTERED_QUERY_SIZE };
  const before = options.cursor === undefined ? undefined : decodeCursor(userId, options.cursor);
  const [bySender, byRecipient] = transactionsTable.globalIndexes;
  const sides = await Promise.all(
    [bySender, byRecipient].map((index) =>
      newestOnOneSide(
        ctx,
        { indexName: index.indexName, userAttribute: index.partitionKey.name },
        userId,
        before,
        limit + 1,
        filter,
      ),
    ),
  );
  const floor = sides
    .map((side) => side.stoppedAt)
    .reduce<string | undefined>(
      (a, b) => (a === undefined || (b !== undefined && b > a) ? b : a),
      undefined,
    );
  const merged = sides
    .flatMap((side) => side.records)
    .filter((record) => floor === undefined || record.history_key >= floor)
    .sort((a, b) => (a.history_key < b.history_key ? 1 : a.history_key > b.history_key ? -1 : 0));
  const page = merged.slice(0, limit);
  const last = page.at(-1);
  const continueFrom = merged.length > limit && last ? last.history_key : floor;
  return {
    transactions: page.map(toTransaction),
    nextCursor: continueFrom === undefined ? null : encodeCursor(userId, continueFrom),
  };
}
