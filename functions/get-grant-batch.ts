import { type BatchDetailResponse, batchPathSchema } from '#shared/api/admin-schemas';
import { requireAdmin } from '#shared/auth/caller';
import { getBatch } from '#shared/grants/batch-approval';
import { httpHandler } from '#shared/http/handler';
import { parsePathParameters } from '#shared/http/request';
import { json } from '#shared/http/responses';
import { defaultLedger } from '#shared/ledger/ledger';

/** GET /grants/batches/{batchId} (admins): a batch and its grants, to review before approving. */
export const handler = httpHandler(async (event) => {
  requireAdmin(event);
  const { batchId } = parsePathParameters(event, batchPathSchema);

  const detail = await getBatch(defaultLedger().context, batchId);

  return json(200, detail satisfies BatchDetailResponse);
});
