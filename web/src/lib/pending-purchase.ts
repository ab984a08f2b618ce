/**
 * What the page remembers across the trip to Checkout, so the success page can say what was
 * bought. Display only: the webhook credits what the server's catalogue says.
 */
const KEY = 'daswos-coins.pending-purchase';

export interface PendingPurchase {
  readonly sessionId: string;
  readonly bundleId: string;
  readonly coins: number;
}

export function rememberPurchase(purchase: PendingPurchase, storage: Storage = sessionStorage) {
  storage.setItem(KEY, JSON.stringify(purchase));
}

export function recallPurchase(
  sessionId: string,
  storage: Storage = sessionStorage,
): PendingPurchase | undefined {
  try {
    const stored = JSON.parse(storage.getItem(KEY) ?? 'null') as PendingPurchase | null;
    return stored?.sessionId === sessionId ? stored : undefined;
  } catch {
    return undefined;
  }
}

export function forgetPurchase(storage: Storage = sessionStorage) {
  storage.removeItem(KEY);
}
