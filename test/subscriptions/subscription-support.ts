import { API_BASE_PATH, type StripeTestSystem } from '#test/stripe/harness';

/** Helpers of the subscription tests: subscribing through the API and the stand-in's pages. */
type Json = Record<string, unknown>;

export async function subscribe(t: StripeTestSystem, token: string, planId = 'plan-basic') {
  return t.request('POST', `${API_BASE_PATH}/subscribe`, { token, body: { planId } });
}

export async function getSubscription(t: StripeTestSystem, token: string) {
  const answer = await t.request('GET', `${API_BASE_PATH}/subscription`, { token });
  return answer.body.subscription as Json | null;
}

/** Subscribes and pays on the stand-in's checkout page, as a browser does; the subscription id. */
export async function subscribeAndPay(
  t: StripeTestSystem,
  token: string,
  planId = 'plan-basic',
): Promise<{ sessionId: string; subscriptionId: string }> {
  const answer = await subscribe(t, token, planId);
  if (answer.status !== 200) throw new Error(`POST /subscribe: ${answer.status} ${answer.text}`);
  const sessionId = String(answer.body.sessionId);
  const paid = await t.request('POST', '/local/stripe/checkout/pay', {
    body: `session_id=${sessionId}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  if (paid.status !== 303) throw new Error(`pay: ${paid.status} ${paid.text}`);
  await t.stripe.settled();
  return { sessionId, subscriptionId: String(t.stripe.session(sessionId)?.subscription) };
}

/** POST /local/stripe/subscriptions/{id}/renew or /fail; the answer (invoice and webhooks). */
export async function billingAction(
  t: StripeTestSystem,
  subscriptionId: string,
  action: 'renew' | 'fail',
  body?: Json,
) {
  return t.request('POST', `/local/stripe/subscriptions/${subscriptionId}/${action}`, {
    ...(body ? { body } : {}),
  });
}

/** Opens the portal through the API and presses its Cancel, as the subscriber would. */
export async function cancelInPortal(t: StripeTestSystem, token: string, subscriptionId: string) {
  const portal = await t.request('POST', `${API_BASE_PATH}/subscription/portal`, { token });
  if (portal.status !== 200) throw new Error(`portal: ${portal.status} ${portal.text}`);
  const url = new URL(String(portal.body.url));
  const page = await t.request('GET', `${url.pathname}${url.search}`);
  if (!page.text.includes(subscriptionId)) throw new Error('the portal does not list it');
  return t.request('POST', '/local/stripe/portal/cancel', {
    body: `session=${url.searchParams.get('session')}&subscription_id=${subscriptionId}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
}
