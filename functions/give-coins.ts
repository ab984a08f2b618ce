import {
  type GiveResponse,
  giveRequestSchema,
  idempotencyHeadersSchema,
} from '#shared/api/schemas';
import { requireAdmin } from '#shared/auth/caller';
import { httpHandler } from '#shared/http/handler';
import { parseHeaders, parseJsonBody } from '#shared/http/request';
import { json } from '#shared/http/responses';
import { defaultLedger } from '#shared/ledger/ledger';

/** POST /give (admins): a giveaway from DASWOS AI, at most once per admin's Idempotency-Key. */
export const handler = httpHandler(async (event) => {
  const admin = requireAdmin(event);
  const body = parseJsonBody(event, giveRequestSchema);
  const key = parseHeaders(event, idempotencyHeadersSchema)['idempotency-key'];

  const result = await defaultLedger().mint({
    to: body.userId,
    amount: body.amount,
    type: 'giveaway',
    description: body.reason,
    initiatedBy: admin.userId,
    idempotency: key === undefined ? undefined : { owner: admin.userId, key },
  });

  const response: GiveResponse = { transaction: result.transaction };
  return json(201, response, result.replayed ? { 'idempotent-replayed': 'true' } : {});
});
