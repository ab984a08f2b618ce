import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { readPages } from '#shared/dynamo/read-pages';
import { InvalidCursorError, ValidationError } from '#shared/errors';
import type { LedgerContext } from '#shared/ledger/context';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '#shared/ledger/history';
import { adminTable } from '#shared/tables';

/**
 * Newest-first pages of one list of the admin table's `by_list` index (`list` = the list's
 * name, `list_key` = `<ISO timestamp>#<id>`). The cursor is the last key shown and the list it
 * belongs to, so it cannot be replayed against another list.
 */
export interface AdminPage<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}

const [byList] = adminTable.globalIndexes;
const LIST_KEY_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z#[A-Za-z0-9_-]{1,80}$/;

export function listKey(timestamp: string, id: string): string {
  return `${timestamp}#${id}`;
}

function encodeCursor(list: string, key: string): string {
  return Buffer.from(JSON.stringify({ l: list, k: key })).toString('base64url');
}

function decodeCursor(list: string, cursor: string): string {
  try {
    const { l, k } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as {
      l?: unknown;
      k?: unknown;
    };
    if (l === list && typeof k === 'string' && LIST_KEY_PATTERN.test(k)) return k;
  } catch {
    // Not JSON: the same answer as any foreign cursor.
  }
  throw new InvalidCursorError();
}

export async function listNewestFirst<Item extends Record<string, unknown>>(
  ctx: LedgerContext,
  list: string,
  options: {
    limit?: number | undefined;
    cursor?: string | undefined;
    /** A FilterExpression over the list's items, with its values. */
    filter?: { expression: string; values: Record<string, unknown> };
  } = {},
): Promise<AdminPage<Item>> {
  const limit = options.limit ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new ValidationError(`The limit must be a whole number from 1 to ${MAX_PAGE_SIZE}`);
  }
  const before = options.cursor === undefined ? undefined : decodeCursor(list, options.cursor);
  const { filter } = options;
  // One more than the page: if it comes back, there is a next page.
  const items = await readPages<Item>(
    (startKey, itemsSoFar) =>
      ctx.db.send(
        new QueryCommand({
          TableName: ctx.tables.admin,
          IndexName: byList.indexName,
          KeyConditionExpression:
            before === undefined ? '#list = :list' : '#list = :list AND list_key < :before',
          ...(filter ? { FilterExpression: filter.expression } : {}),
          ExpressionAttributeNames: { '#list': byList.partitionKey.name },
          ExpressionAttributeValues: {
            ':list': list,
            ...(before === undefined ? {} : { ':before': before }),
            ...filter?.values,
          },
          ScanIndexForward: false,
          Limit: limit + 1 - itemsSoFar,
          ExclusiveStartKey: startKey,
        }),
      ),
    { retryPolicy: ctx.retryPolicy, onRetry: ctx.onRetry, enough: (read) => read.length > limit },
  );
  const page = items.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page,
    nextCursor: items.length > limit && last ? encodeCursor(list, last.list_key as string) : null,
  };
}
