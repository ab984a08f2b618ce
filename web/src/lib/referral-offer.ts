/**
 * `/daswos-coins?ref=CODE`: a friend's referral code in the page's address. It is remembered for
 * the tab (session storage), so a sign-in that leaves the page (Cognito's hosted UI) does not
 * lose it, and forgotten once it is claimed or can no longer be.
 */
const STORAGE_KEY = 'daswos-coins.referral-code';
const CODE = /^[A-Za-z0-9]{4,16}$/;

export function rememberReferralOffer(search: string): void {
  const code = new URLSearchParams(search).get('ref')?.trim();
  if (code && CODE.test(code)) sessionStorage.setItem(STORAGE_KEY, code.toUpperCase());
}

export function referralOffer(): string | undefined {
  return sessionStorage.getItem(STORAGE_KEY) ?? undefined;
}

export function forgetReferralOffer(): void {
  sessionStorage.removeItem(STORAGE_KEY);
}
