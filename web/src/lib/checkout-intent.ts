/**
 * What a signed-out visitor chose to buy: a bundle or a plan. Remembered for the tab (session
 * storage, like the `?ref=` offer) so that the sign-in, even one that leaves the page for
 * Cognito's hosted UI, does not lose it; taken (and forgotten) by the card that continues it.
 */
export type CheckoutIntent = { readonly kind: 'bundle' | 'plan'; readonly id: string };

const STORAGE_KEY = 'daswos-coins.checkout-intent';

export function rememberCheckoutIntent(intent: CheckoutIntent): void {
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify(intent));
}

/** The intent of this kind, forgotten as it is returned: a checkout is continued once. */
export function takeCheckoutIntent(kind: CheckoutIntent['kind']): string | undefined {
  const stored = sessionStorage.getItem(STORAGE_KEY);
  if (!stored) return undefined;
  try {
    const intent = JSON.parse(stored) as Partial<CheckoutIntent>;
    if (intent.kind !== kind || typeof intent.id !== 'string') return undefined;
    sessionStorage.removeItem(STORAGE_KEY);
    return intent.id;
  } catch {
    sessionStorage.removeItem(STORAGE_KEY);
    return undefined;
  }
}
