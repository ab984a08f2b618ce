import { type ApproveBatchResponse, batchPathSchema } from '#shared/api/admin-schemas';
import { requireAdmin } from '#shared/auth/caller';
import { approveBatch } from '#shared/grants/batch-approval';
import { giveSettingsFromEnv } from '#shared/grants/settings';
import { httpHandler } from '#shared/http/handler';
import { parsePathParameters } from '#shared/http/request';
import { json } from '#shared/http/responses';
import { defaultLedger } from '#shared/ledger/ledger';

/** POST /grants/batches/{batchId}/approve (another admin): gives the batch's grants, each once. */
export const handler = httpHandler(async (event, context) => {
  const admin = requireAdmin(event);
  const { batchId } = parsePathParameters(event, batchPathSchema);

  const result = await approveBatch(defaultLedger().context, giveSettingsFromEnv(), {
    approverId: admin.userId,
    batchId,
    deadline: new Date(Date.now() + context.getRemainingTimeInMillis()),
  });

  const response: ApproveBatchResponse = { batch: result.batch, results: [...result.results] };
  return json(200, response, result.replayed ? { 'idempotent-replayed': 'true' } : {});
});
