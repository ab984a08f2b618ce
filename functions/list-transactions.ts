import { type HistoryResponse, historyQuerySchema } from '#shared/api/schemas';
import { requireUser } from '#shared/auth/caller';
import { httpHandler } from '#shared/http/handler';
import { parseQuery } from '#shared/http/request';
import { json } from '#shared/http/responses';
import { defaultLedger } from '#shared/ledger/ledger';

/** GET /transactions?limit=&cursor=&type=: the caller's sent and received transactions, newest first. */
export const handler = httpHandler(async (event) => {
  const { userId } = requireUser(event);
  const { limit, cursor, type } = parseQuery(event, historyQuerySchema);

  const page = await defaultLedger().listTransactions(userId, { limit, cursor, types: type });

  return json(200, page satisfies HistoryResponse);
});
