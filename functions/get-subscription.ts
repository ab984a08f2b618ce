import type { SubscriptionResponse } from '#shared/api/subscription-schemas';
import { requireUser } from '#shared/auth/caller';
import { httpHandler } from '#shared/http/handler';
import { json } from '#shared/http/responses';
import { defaultLedger } from '#shared/ledger/ledger';
import { getSubscriptionOf } from '#shared/subscriptions/subscription-store';

/** GET /subscription: the caller's subscription (the latest live one), or null. */
export const handler = httpHandler(async (event) => {
  const { userId } = requireUser(event);

  const subscription = await getSubscriptionOf(defaultLedger().context, userId);

  return json(200, { subscription } satisfies SubscriptionResponse);
});
