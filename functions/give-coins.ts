import type { GivePendingResponse } from '#shared/api/admin-schemas';
import {
  type GiveResponse,
  giveRequestSchema,
  idempotencyHeadersSchema,
} from '#shared/api/schemas';
import { requireAdmin } from '#shared/auth/caller';
import { give } from '#shared/grants/give';
import { giveSettingsFromEnv } from '#shared/grants/settings';
import { httpHandler } from '#shared/http/handler';
import { parseHeaders, parseJsonBody } from '#shared/http/request';
import { json } from '#shared/http/responses';
import { defaultLedger } from '#shared/ledger/ledger';

/**
 * POST /give (admins): a giveaway from DASWOS AI, at most once per admin's Idempotency-Key,
 * within the admin's daily limit. Above the approval threshold: 202, a grant for another admin.
 */
export const handler = httpHandler(async (event) => {
  const admin = requireAdmin(event);
  const body = parseJsonBody(event, giveRequestSchema);
  const key = parseHeaders(event, idempotencyHeadersSchema)['idempotency-key'];

  const result = await give(defaultLedger().context, giveSettingsFromEnv(), {
    adminId: admin.userId,
    to: body.userId,
    amount: body.amount,
    reason: body.reason,
    idempotencyKey: key,
  });

  const replayed: Record<string, string> = result.replayed ? { 'idempotent-replayed': 'true' } : {};
  if (result.outcome === 'pending_approval') {
    return json(202, { grant: result.grant } satisfies GivePendingResponse, replayed);
  }
  return json(201, { transaction: result.transaction } satisfies GiveResponse, replayed);
});
