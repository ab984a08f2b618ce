import { mapInOrder } from '#shared/concurrency';
import { type BatchGrantResult, settleBatchGrant } from '#shared/grants/batch-grant';
import {
  BATCH_CONCURRENCY,
  type GiveBatchItem,
  grantsOf,
  reservedDay,
} from '#shared/grants/batch-items';
import type { LedgerContext } from '#shared/ledger/context';

/** Time kept for the grants in flight to finish and for the answer to leave. */
export const ANSWER_MARGIN_MS = 3_000;

const NOT_ATTEMPTED = {
  code: 'NOT_ATTEMPTED',
  message:
    'Time ran out before this grant was tried; send the batch again with the same Idempotency-Key',
};

/**
 * Settles every grant of an APPROVED batch (its total reserved), 16 at a time, answering in the
 * batch's order. Grants not started `ANSWER_MARGIN_MS` before `deadline` (the function's own
 * timeout) are answered `failed` / NOT_ATTEMPTED and stay reserved: the batch sent again (or
 * approved again) gives them.
 */
export async function settleBatch(
  ctx: LedgerContext,
  batch: GiveBatchItem,
  deadline: Date | undefined,
): Promise<BatchGrantResult[]> {
  reservedDay(batch);
  const stopAt = (deadline?.getTime() ?? Number.POSITIVE_INFINITY) - ANSWER_MARGIN_MS;
  return mapInOrder(grantsOf(batch), BATCH_CONCURRENCY, async (grant) =>
    ctx.now().getTime() < stopAt
      ? settleBatchGrant(ctx, batch, grant)
      : ({ userId: grant.userId, status: 'failed', error: NOT_ATTEMPTED } as const),
  );
}
