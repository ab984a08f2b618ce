import { setFrozen } from '#shared/admin/wallet-admin';
import {
  type FreezeResponse,
  reasonRequestSchema,
  userPathSchema,
} from '#shared/api/admin-schemas';
import { requireAdmin } from '#shared/auth/caller';
import { httpHandler } from '#shared/http/handler';
import { parseJsonBody, parsePathParameters } from '#shared/http/request';
import { json } from '#shared/http/responses';
import { defaultLedger } from '#shared/ledger/ledger';

/** POST /admin/users/{userId}/freeze (admins): stops the wallet sending and spending (it still receives); logged with the reason. */
export const handler = httpHandler(async (event) => {
  const admin = requireAdmin(event);
  const { userId } = parsePathParameters(event, userPathSchema);
  const { reason } = parseJsonBody(event, reasonRequestSchema);

  const result = await setFrozen(
    defaultLedger().context,
    { adminId: admin.userId, userId, reason },
    true,
  );

  return json(200, result satisfies FreezeResponse);
});
