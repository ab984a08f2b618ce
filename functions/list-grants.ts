import { type GrantsResponse, grantsQuerySchema } from '#shared/api/admin-schemas';
import { requireAdmin } from '#shared/auth/caller';
import { listGrants } from '#shared/grants/grant-requests';
import { httpHandler } from '#shared/http/handler';
import { parseQuery } from '#shared/http/request';
import { json } from '#shared/http/responses';
import { defaultLedger } from '#shared/ledger/ledger';

/** GET /grants?status=pending_approval (admins): grants of one status, newest request first. */
export const handler = httpHandler(async (event) => {
  requireAdmin(event);
  const { status, limit, cursor } = parseQuery(event, grantsQuerySchema);

  const page = await listGrants(defaultLedger().context, { status, limit, cursor });

  return json(200, page satisfies GrantsResponse);
});
