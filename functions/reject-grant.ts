import {
  grantPathSchema,
  type RejectGrantResponse,
  rejectGrantRequestSchema,
} from '#shared/api/admin-schemas';
import { requireAdmin } from '#shared/auth/caller';
import { reject } from '#shared/grants/approvals';
import { httpHandler } from '#shared/http/handler';
import { parseJsonBody, parsePathParameters } from '#shared/http/request';
import { json } from '#shared/http/responses';
import { defaultLedger } from '#shared/ledger/ledger';

/** POST /grants/{grantId}/reject (admins; a body `{ reason }` is optional): nothing is given. */
export const handler = httpHandler(async (event) => {
  const admin = requireAdmin(event);
  const { grantId } = parsePathParameters(event, grantPathSchema);
  const { reason } = event.body ? parseJsonBody(event, rejectGrantRequestSchema) : {};

  const decided = await reject(defaultLedger().context, { adminId: admin.userId, grantId, reason });

  return json(200, decided satisfies RejectGrantResponse);
});
