import type { BalanceResponse } from '#shared/api/schemas';
import { requireUser } from '#shared/auth/caller';
import { httpHandler } from '#shared/http/handler';
import { json } from '#shared/http/responses';
import { defaultLedger } from '#shared/ledger/ledger';

/** GET /balance: the caller's usable balance and the coins their active holds reserve. */
export const handler = httpHandler(async (event) => {
  const { userId } = requireUser(event);

  const { balance, held } = await defaultLedger().getWallet(userId);

  return json(200, { userId, balance, held } satisfies BalanceResponse);
});
