import { API_BASE_PATH, type StripeTestSystem } from '#test/stripe/harness';
import { openPurchase, payQuietly } from '#test/stripe/purchase-support';

/** Helpers of the referral tests: codes, claims and purchases through the local Stripe checkout. */
export async function referralOf(t: StripeTestSystem, token: string) {
  const answer = await t.request('GET', `${API_BASE_PATH}/referral`, { token });
  if (answer.status !== 200) throw new Error(`GET /referral: ${answer.status} ${answer.text}`);
  return answer.body as { code: string; referredCount: number; earnedCoins: number };
}

export function claim(t: StripeTestSystem, token: string, code: string) {
  return t.request('POST', `${API_BASE_PATH}/referral/claim`, { token, body: { code } });
}

/** A referrer with a code and a referee who claimed it. */
export async function referredPair(t: StripeTestSystem) {
  const referrer = await t.signUp();
  const referee = await t.signUp();
  const { code } = await referralOf(t, referrer.token);
  const claimed = await claim(t, referee.token, code);
  if (claimed.status !== 201) throw new Error(`claim: ${claimed.status} ${claimed.text}`);
  return { referrer, referee, code };
}

/** Opens and pays a purchase on the stand-in, delivering checkout.session.completed; the session id. */
export async function buy(t: StripeTestSystem, token: string, bundleId: string): Promise<string> {
  const sessionId = await openPurchase(t, token, bundleId);
  const { delivery } = await t.stripe.pay(sessionId);
  if (delivery?.status !== 200) throw new Error(`delivery: ${delivery?.status} ${delivery?.body}`);
  return sessionId;
}

/** Pays without delivering; the paid session as Stripe holds it, to deliver by hand. */
export async function payWithoutDelivery(t: StripeTestSystem, token: string, bundleId: string) {
  const sessionId = await openPurchase(t, token, bundleId);
  return { sessionId, session: await payQuietly(t, sessionId) };
}

/** The user's `referral` transactions, newest first. */
export async function referralHistory(t: StripeTestSystem, token: string) {
  return (await t.history(token)).filter((tx) => tx.transactionType === 'referral');
}
