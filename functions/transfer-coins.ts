import {
  idempotencyHeadersSchema,
  type TransferResponse,
  transferRequestSchema,
} from '#shared/api/schemas';
import { requireUser } from '#shared/auth/caller';
import { httpHandler } from '#shared/http/handler';
import { parseHeaders, parseJsonBody } from '#shared/http/request';
import { json } from '#shared/http/responses';
import { defaultLedger } from '#shared/ledger/ledger';
import { limitedTransfer } from '#shared/velocity/limited-transfer';
import { transferLimitsFromEnv } from '#shared/velocity/transfer-limits';

/**
 * POST /transfer: the caller sends coins to another user, at most once per Idempotency-Key,
 * within the sender's transfer limits (429 RATE_LIMITED with Retry-After beyond them).
 */
export const handler = httpHandler(async (event) => {
  const { userId } = requireUser(event);
  const body = parseJsonBody(event, transferRequestSchema);
  const headers = parseHeaders(event, idempotencyHeadersSchema);

  const result = await limitedTransfer(defaultLedger().context, transferLimitsFromEnv(), {
    from: userId,
    to: body.toUserId,
    amount: body.amount,
    description: body.description,
    idempotencyKey: headers['idempotency-key'],
  });

  const response: TransferResponse = { transaction: result.transaction, balance: result.balance };
  return json(201, response, result.replayed ? { 'idempotent-replayed': 'true' } : {});
});
