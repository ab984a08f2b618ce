import type { SupplyResponse } from '#shared/api/schemas';
import { httpHandler } from '#shared/http/handler';
import { json } from '#shared/http/responses';
import { defaultLedger } from '#shared/ledger/ledger';

/** GET /supply (public): the fixed total, what has been minted, and what remains. */
export const handler = httpHandler(async () => {
  const supply = await defaultLedger().getSupply();

  return json(200, supply satisfies SupplyResponse);
});
