import {
  type CaptureHoldResponse,
  captureHoldRequestSchema,
  holdPathSchema,
  requiredIdempotencyHeadersSchema,
} from '#shared/api/spending-schemas';
import { requireService } from '#shared/auth/service-caller';
import { defaultHolds } from '#shared/holds/holds';
import { httpHandler } from '#shared/http/handler';
import { parseHeaders, parseOptionalJsonBody, parsePathParameters } from '#shared/http/request';
import { json } from '#shared/http/responses';
import { SPEND_SCOPE } from '#shared/services/scopes';

/** POST /holds/{holdId}/capture (services): all or part of a hold becomes a spend; once per hold. */
export const handler = httpHandler(async (event) => {
  const client = requireService(event, SPEND_SCOPE);
  const { holdId } = parsePathParameters(event, holdPathSchema);
  const body = parseOptionalJsonBody(event, captureHoldRequestSchema);
  parseHeaders(event, requiredIdempotencyHeadersSchema);

  const result = await defaultHolds().capture(client, holdId, body.amount);

  const response: CaptureHoldResponse = { hold: result.hold, transaction: result.transaction };
  return json(200, response, result.replayed ? { 'idempotent-replayed': 'true' } : {});
});
