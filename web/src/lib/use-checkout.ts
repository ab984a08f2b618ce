import { useCallback, useEffect, useRef, useState } from 'react';
import { useAuth } from '../auth/auth-context';
import { useCoins } from '../state/coins-context';
import { type CheckoutIntent, rememberCheckoutIntent, takeCheckoutIntent } from './checkout-intent';
import { describeError } from './error-messages';
import { newIdempotencyKey } from './idempotency-key';

/** The input the local sign-in form names its user id field with; focused when sign-in is asked. */
export const SIGN_IN_FIELD_ID = 'sign-in-user';

export interface Checkout {
  /** Opens Checkout for the offer, or asks a signed-out visitor to sign in first. */
  start(id: string): void;
  /** The offer whose Checkout is being opened. */
  readonly opening: string | undefined;
  readonly error: string | undefined;
  /** Said to a signed-out visitor who chose an offer: sign in, and it continues. */
  readonly notice: string | undefined;
}

/**
 * Buying a bundle or subscribing to a plan: one Checkout at a time (a ref, not state, so two
 * clicks in one frame cannot both pass), and for a signed-out visitor the choice is remembered
 * through the sign-in and continued right after it.
 */
export function useCheckout(
  kind: CheckoutIntent['kind'],
  open: (id: string, idempotencyKey: string) => Promise<{ url: string }>,
  goTo: (url: string) => void,
): Checkout {
  const { state, mode, signIn } = useAuth();
  const { handleAuthError } = useCoins();
  const signedIn = state.status === 'signed-in';
  const [opening, setOpening] = useState<string>();
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const busy = useRef(false);

  const start = useCallback(
    (id: string) => {
      if (!signedIn) {
        rememberCheckoutIntent({ kind, id });
        if (mode === 'cognito') {
          void signIn();
          return;
        }
        setNotice('Sign in first: checkout continues as soon as you are signed in.');
        document.getElementById(SIGN_IN_FIELD_ID)?.focus();
        return;
      }
      if (busy.current) return;
      busy.current = true;
      setOpening(id);
      setError(undefined);
      open(id, newIdempotencyKey()).then(
        (checkout) => goTo(checkout.url),
        (failure: unknown) => {
          if (!handleAuthError(failure)) setError(describeError(failure));
          busy.current = false;
          setOpening(undefined);
        },
      );
    },
    [signedIn, kind, mode, signIn, open, goTo, handleAuthError],
  );

  // Signed in with a choice made before: continue it once.
  useEffect(() => {
    if (!signedIn) return;
    const id = takeCheckoutIntent(kind);
    if (id) start(id);
  }, [signedIn, kind, start]);

  return { start, opening, error, notice };
}
