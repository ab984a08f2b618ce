import {
  holdPathSchema,
  requiredIdempotencyHeadersSchema,
  type VoidHoldResponse,
} from '#shared/api/spending-schemas';
import { requireService } from '#shared/auth/service-caller';
import { defaultHolds } from '#shared/holds/holds';
import { httpHandler } from '#shared/http/handler';
import { parseHeaders, parsePathParameters } from '#shared/http/request';
import { json } from '#shared/http/responses';
import { SPEND_SCOPE } from '#shared/services/scopes';

/** POST /holds/{holdId}/void (services): the hold's coins go back to the user; once per hold. */
export const handler = httpHandler(async (event) => {
  const client = requireService(event, SPEND_SCOPE);
  const { holdId } = parsePathParameters(event, holdPathSchema);
  parseHeaders(event, requiredIdempotencyHeadersSchema);

  const result = await defaultHolds().void(client, holdId);

  const response: VoidHoldResponse = { hold: result.hold, balance: result.balance };
  return json(200, response, result.replayed ? { 'idempotent-replayed': 'true' } : {});
});
