import {
  requiredIdempotencyHeadersSchema,
  type SpendResponse,
  spendRequestSchema,
} from '#shared/api/spending-schemas';
import { requireService } from '#shared/auth/service-caller';
import { httpHandler } from '#shared/http/handler';
import { parseHeaders, parseJsonBody } from '#shared/http/request';
import { json } from '#shared/http/responses';
import { SPEND_SCOPE } from '#shared/services/scopes';
import { defaultSpending } from '#shared/spending/spending';

/** POST /spend (services): charge a user's coins for a feature, once per Idempotency-Key. */
export const handler = httpHandler(async (event) => {
  const client = requireService(event, SPEND_SCOPE);
  const body = parseJsonBody(event, spendRequestSchema);
  const headers = parseHeaders(event, requiredIdempotencyHeadersSchema);

  const result = await defaultSpending().spend({
    client,
    userId: body.userId,
    amount: body.amount,
    feature: body.feature,
    description: body.description,
    idempotencyKey: headers['idempotency-key'],
  });

  const response: SpendResponse = { transaction: result.transaction, balance: result.balance };
  return json(201, response, result.replayed ? { 'idempotent-replayed': 'true' } : {});
});
