import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { readPages } from '#shared/dynamo/read-pages';
import { InvalidCursorError, ValidationError } from '#shared/errors';
import type { LedgerContext } from '#shared/ledger/context';
import { assertUserId } from '#shared/ledger/rules';
import {
  type Transaction,
  type TransactionRecord,
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

/** Up to `limit` records of one side of the user's history, newest first, before `before`. */
async function newestOnOneSide(
  ctx: LedgerContext,
  indexName: string,
  userAttribute: string,
  userId: string,
  before: string | undefined,
  limit: number,
): Promise<TransactionRecord[]> {
  return readPages<TransactionRecord>(
    (startKey, itemsSoFar) =>
      ctx.db.send(
        new QueryCommand({
          TableName: ctx.tables.transactions,
          IndexName: indexName,
          KeyConditionExpression:
            before === undefined
              ? `${userAttribute} = :user`
              : `${userAttribute} = :user AND history_key < :before`,
          ExpressionAttributeValues: {
            ':user': userId,
            ...(before === undefined ? {} : { ':before': before }),
          },
          ScanIndexForward: false,
          Limit: limit - itemsSoFar,
          ExclusiveStartKey: startKey,
        }),
      ),
    {
      retryPolicy: ctx.retryPolicy,
      onRetry: ctx.onRetry,
      enough: (items) => items.length >= limit,
    },
  );
}

/**
 * The user's sent and received transactions, newest first (ties broken by transaction id), by
 * merging one Query on each history index. Each side is asked for one more record than the page
 * needs: if the merge has more than `limit`, there is a next page; if not, both sides are done.
 */
export async function listTransactions(
  ctx: LedgerContext,
  userId: string,
  options: { limit?: number | undefined; cursor?: string | undefined } = {},
): Promise<HistoryPage> {
  assertUserId(userId);
  const limit = options.limit ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new ValidationError(`The limit must be a whole number from 1 to ${MAX_PAGE_SIZE}`);
  }
  const before = options.cursor === undefined ? undefined : decodeCursor(userId, options.cursor);
  const [bySender, byRecipient] = transactionsTable.globalIndexes;
  const [sent, received] = await Promise.all([
    newestOnOneSide(ctx, bySender.indexName, bySender.partitionKey.name, userId, before, limit + 1),
    newestOnOneSide(
      ctx,
      byRecipient.indexName,
      byRecipient.partitionKey.name,
      userId,
      before,
      limit + 1,
    ),
  ]);
  const merged = [...sent, ...received].sort((a, b) =>
    a.history_key < b.history_key ? 1 : a.history_key > b.history_key ? -1 : 0,
  );
  const page = merged.slice(0, limit);
  const last = page.at(-1);
  return {
    transactions: page.map(toTransaction),
    nextCursor: merged.length > limit && last ? encodeCursor(userId, last.history_key) : null,
  };
}
