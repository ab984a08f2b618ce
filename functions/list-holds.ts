import { type ListHoldsResponse, listHoldsQuerySchema } from '#shared/api/spending-schemas';
import { requireUser } from '#shared/auth/caller';
import { defaultHolds } from '#shared/holds/holds';
import { httpHandler } from '#shared/http/handler';
import { parseQuery } from '#shared/http/request';
import { json } from '#shared/http/responses';

/** GET /holds (users): the caller's own holds, newest first, `?status=held` for the active ones. */
export const handler = httpHandler(async (event) => {
  const { userId } = requireUser(event);
  const { status } = parseQuery(event, listHoldsQuerySchema);

  const holds = await defaultHolds().listForUser(userId, status);

  return json(200, { holds } satisfies ListHoldsResponse);
});
