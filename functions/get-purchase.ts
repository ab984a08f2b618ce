import { type PurchaseStatusResponse, purchasePathSchema } from '#shared/api/purchase-schemas';
import { requireUser } from '#shared/auth/caller';
import { httpHandler } from '#shared/http/handler';
import { parsePathParameters } from '#shared/http/request';
import { json } from '#shared/http/responses';
import { defaultLedger } from '#shared/ledger/ledger';
import { getPurchaseOf } from '#shared/purchases/purchase-store';

/** GET /purchases/{sessionId}: where the caller's purchase stands; 404 for anyone else's. */
export const handler = httpHandler(async (event) => {
  const { userId } = requireUser(event);
  const { sessionId } = parsePathParameters(event, purchasePathSchema);

  const purchase = await getPurchaseOf(defaultLedger().context, userId, sessionId);

  return json(200, purchase satisfies PurchaseStatusResponse);
});
