/**
 * `/daswos-coins?subscribed=1`: where Stripe Checkout sends a new subscriber back (the API's
 * success_url). The page then shows the subscription as being confirmed until GET /subscription
 * has it (the webhook may land a moment after the return), and takes the marker out of the
 * address so a reload or a bookmark does not claim a checkout again.
 */
const RETURN_PARAM = 'subscribed';

/** Whether this page load is the return from a subscription Checkout (reads only). */
export function returnedFromSubscriptionCheckout(): boolean {
  return new URLSearchParams(window.location.search).has(RETURN_PARAM);
}

/** Removes the marker from the address bar, keeping the rest (a referral code, say). */
export function forgetSubscriptionReturn(): void {
  const url = new URL(window.location.href);
  if (!url.searchParams.has(RETURN_PARAM)) return;
  url.searchParams.delete(RETURN_PARAM);
  window.history.replaceState(window.history.state, '', `${url.pathname}${url.search}${url.hash}`);
}
