import { userPathSchema } from '#shared/api/admin-schemas';
import { type HistoryResponse, historyQuerySchema } from '#shared/api/schemas';
import { requireAdmin } from '#shared/auth/caller';
import { httpHandler } from '#shared/http/handler';
import { parsePathParameters, parseQuery } from '#shared/http/request';
import { json } from '#shared/http/responses';
import { defaultLedger } from '#shared/ledger/ledger';

/** GET /admin/users/{userId}/transactions (admins): a user's history, paged like /transactions. */
export const handler = httpHandler(async (event) => {
  requireAdmin(event);
  const { userId } = parsePathParameters(event, userPathSchema);
  const { limit, cursor, type } = parseQuery(event, historyQuerySchema);

  const page = await defaultLedger().listTransactions(userId, { limit, cursor, types: type });

  return json(200, page satisfies HistoryResponse);
});
