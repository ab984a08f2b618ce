import { listAdminActions } from '#shared/admin/actions';
import { type AdminActionsResponse, pageQuerySchema } from '#shared/api/admin-schemas';
import { requireAdmin } from '#shared/auth/caller';
import { httpHandler } from '#shared/http/handler';
import { parseQuery } from '#shared/http/request';
import { json } from '#shared/http/responses';
import { defaultLedger } from '#shared/ledger/ledger';

/** GET /admin/actions (admins): who did what to which wallet and why, newest first. */
export const handler = httpHandler(async (event) => {
  requireAdmin(event);
  const { limit, cursor } = parseQuery(event, pageQuerySchema);

  const page = await listAdminActions(defaultLedger().context, { limit, cursor });

  return json(200, page satisfies AdminActionsResponse);
});
