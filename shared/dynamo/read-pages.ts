import {
  defaultRetryPolicy,
  type RetryListener,
  type RetryPolicy,
  withRetry,
} from '#shared/dynamo/retry';

type Key = Record<string, unknown>;

export interface Page {
  readonly Items?: Record<string, unknown>[] | undefined;
  readonly LastEvaluatedKey?: Key | undefined;
}

export interface ReadPagesOptions<T> {
  readonly retryPolicy?: RetryPolicy;
  readonly onRetry?: RetryListener | undefined;
  /** Stop early once the items read so far are enough. */
  readonly enough?: (items: readonly T[]) => boolean;
}

/**
 * Reads a Query or Scan page after page (each page retried on its own) until the last page or
 * until `enough`. Only the absence of LastEvaluatedKey ends a result: a page may be short, or
 * empty, because of the 1 MB page limit or a filter, with more to come.
 */
export async function readPages<T>(
  readPage: (startKey: Key | undefined, itemsSoFar: number) => Promise<Page>,
  options: ReadPagesOptions<T> = {},
): Promise<T[]> {
  const items: T[] = [];
  let startKey: Key | undefined;
  do {
    const page = await withRetry(
      () => readPage(startKey, items.length),
      options.retryPolicy ?? defaultRetryPolicy,
      options.onRetry,
    );
    items.push(...((page.Items ?? []) as T[]));
    startKey = page.LastEvaluatedKey;
  } while (startKey && !options.enough?.(items));
  return items;
}
