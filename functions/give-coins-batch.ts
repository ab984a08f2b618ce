import {
  type BatchResponse,
  type GiveBatchResponse,
  giveBatchRequestSchema,
} from '#shared/api/admin-schemas';
import { requiredIdempotencyHeadersSchema } from '#shared/api/spending-schemas';
import { requireAdmin } from '#shared/auth/caller';
import { giveBatch } from '#shared/grants/batch-give';
import { giveSettingsFromEnv } from '#shared/grants/settings';
import { httpHandler } from '#shared/http/handler';
import { parseHeaders, parseJsonBody } from '#shared/http/request';
import { json } from '#shared/http/responses';
import { defaultLedger } from '#shared/ledger/ledger';

/**
 * POST /give/batch (admins): up to 1,000 giveaways, each exactly once per admin, Idempotency-Key
 * and recipient; the batch total counts against the admin's daily limit. 200 with one result per
 * grant, in the request's order; above the approval threshold 202, a batch for another admin.
 */
export const handler = httpHandler(async (event, context) => {
  const admin = requireAdmin(event);
  const body = parseJsonBody(event, giveBatchRequestSchema);
  const key = parseHeaders(event, requiredIdempotencyHeadersSchema)['idempotency-key'];

  const result = await giveBatch(defaultLedger().context, giveSettingsFromEnv(), {
    adminId: admin.userId,
    grants: body.grants,
    reason: body.reason,
    idempotencyKey: key,
    deadline: new Date(Date.now() + context.getRemainingTimeInMillis()),
  });

  const replayed: Record<string, string> = result.replayed ? { 'idempotent-replayed': 'true' } : {};
  if (result.outcome === 'pending_approval') {
    return json(202, { batch: result.batch } satisfies BatchResponse, replayed);
  }
  return json(200, { results: [...result.results] } satisfies GiveBatchResponse, replayed);
});
