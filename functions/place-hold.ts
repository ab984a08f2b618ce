import {
  type PlaceHoldResponse,
  placeHoldRequestSchema,
  requiredIdempotencyHeadersSchema,
} from '#shared/api/spending-schemas';
import { requireService } from '#shared/auth/service-caller';
import { defaultHolds } from '#shared/holds/holds';
import { httpHandler } from '#shared/http/handler';
import { parseHeaders, parseJsonBody } from '#shared/http/request';
import { json } from '#shared/http/responses';
import { SPEND_SCOPE } from '#shared/services/scopes';

/** POST /holds (services): reserve a user's coins, once per Idempotency-Key. */
export const handler = httpHandler(async (event) => {
  const client = requireService(event, SPEND_SCOPE);
  const body = parseJsonBody(event, placeHoldRequestSchema);
  const headers = parseHeaders(event, requiredIdempotencyHeadersSchema);

  const result = await defaultHolds().place({
    client,
    ...body,
    idempotencyKey: headers['idempotency-key'],
  });

  const response: PlaceHoldResponse = { hold: result.hold, balance: result.balance };
  return json(201, response, result.replayed ? { 'idempotent-replayed': 'true' } : {});
});
