import {
  type GrantResponse,
  grantPathSchema,
  rejectGrantRequestSchema,
} from '#shared/api/admin-schemas';
import { requireAdmin } from '#shared/auth/caller';
import { rejectGrant } from '#shared/grants/grant-requests';
import { httpHandler } from '#shared/http/handler';
import { parseJsonBody, parsePathParameters } from '#shared/http/request';
import { json } from '#shared/http/responses';
import { defaultLedger } from '#shared/ledger/ledger';

/** POST /grants/{grantId}/reject (admins; a body `{ reason }` is optional): nothing is minted. */
export const handler = httpHandler(async (event) => {
  const admin = requireAdmin(event);
  const { grantId } = parsePathParameters(event, grantPathSchema);
  const { reason } = event.body ? parseJsonBody(event, rejectGrantRequestSchema) : {};

  const grant = await rejectGrant(defaultLedger().context, {
    adminId: admin.userId,
    grantId,
    reason,
  });

  return json(200, { grant } satisfies GrantResponse);
});
