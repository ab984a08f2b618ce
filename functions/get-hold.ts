import { type HoldResponse, holdPathSchema } from '#shared/api/spending-schemas';
import { requireService } from '#shared/auth/service-caller';
import { defaultHolds } from '#shared/holds/holds';
import { httpHandler } from '#shared/http/handler';
import { parsePathParameters } from '#shared/http/request';
import { json } from '#shared/http/responses';
import { SPEND_SCOPE } from '#shared/services/scopes';

/** GET /holds/{holdId} (services): one of the caller's holds, never `held` past its expiry. */
export const handler = httpHandler(async (event) => {
  const client = requireService(event, SPEND_SCOPE);
  const { holdId } = parsePathParameters(event, holdPathSchema);

  const hold = await defaultHolds().get(client, holdId);

  return json(200, { hold } satisfies HoldResponse);
});
