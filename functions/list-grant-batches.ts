import { type BatchesResponse, batchesQuerySchema } from '#shared/api/admin-schemas';
import { requireAdmin } from '#shared/auth/caller';
import { listBatches } from '#shared/grants/batch-approval';
import { httpHandler } from '#shared/http/handler';
import { parseQuery } from '#shared/http/request';
import { json } from '#shared/http/responses';
import { defaultLedger } from '#shared/ledger/ledger';

/** GET /grants/batches?status=pending_approval (admins): batches of one status, newest first. */
export const handler = httpHandler(async (event) => {
  requireAdmin(event);
  const { status, limit, cursor } = parseQuery(event, batchesQuerySchema);

  const page = await listBatches(defaultLedger().context, { status, limit, cursor });

  return json(200, page satisfies BatchesResponse);
});
