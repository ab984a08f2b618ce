import type { BalanceResponse } from '#shared/api/schemas';
import { requireUser } from '#shared/auth/caller';
import { httpHandler } from '#shared/http/handler';
import { json } from '#shared/http/responses';
import { defaultLedger } from '#shared/ledger/ledger';

/** GET /balance: the caller's balance. */
export const handler = httpHandler(async (event) => {
  const { userId } = requireUser(event);

  const balance = await defaultLedger().getBalance(userId);

  return json(200, { userId, balance } satisfies BalanceResponse);
});
