import { lookUpUser } from '#shared/admin/wallet-admin';
import { type AdminUserResponse, userPathSchema } from '#shared/api/admin-schemas';
import { requireAdmin } from '#shared/auth/caller';
import { httpHandler } from '#shared/http/handler';
import { parsePathParameters } from '#shared/http/request';
import { json } from '#shared/http/responses';
import { defaultLedger } from '#shared/ledger/ledger';

/** GET /admin/users/{userId} (admins): a wallet as support sees it. */
export const handler = httpHandler(async (event) => {
  requireAdmin(event);
  const { userId } = parsePathParameters(event, userPathSchema);

  const user = await lookUpUser(defaultLedger().context, userId);

  return json(200, user satisfies AdminUserResponse);
});
