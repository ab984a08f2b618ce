import {
  type BatchResponse,
  batchPathSchema,
  rejectGrantRequestSchema,
} from '#shared/api/admin-schemas';
import { requireAdmin } from '#shared/auth/caller';
import { rejectBatch } from '#shared/grants/batch-approval';
import { httpHandler } from '#shared/http/handler';
import { parseJsonBody, parsePathParameters } from '#shared/http/request';
import { json } from '#shared/http/responses';
import { defaultLedger } from '#shared/ledger/ledger';

/** POST /grants/batches/{batchId}/reject (admins; `{ reason }` optional): nothing is given. */
export const handler = httpHandler(async (event) => {
  const admin = requireAdmin(event);
  const { batchId } = parsePathParameters(event, batchPathSchema);
  const { reason } = event.body ? parseJsonBody(event, rejectGrantRequestSchema) : {};

  const batch = await rejectBatch(defaultLedger().context, {
    adminId: admin.userId,
    batchId,
    reason,
  });

  return json(200, { batch } satisfies BatchResponse);
});
