import { useCallback, useRef, useState } from 'react';
import { newIdempotencyKey } from './idempotency-key';

/**
 * Guards a form that moves coins. A second submit while one is in flight is dropped (a ref, not
 * state, so two clicks in one frame cannot both pass). Each submission gets one idempotency key,
 * kept after a failure so that sending the same form again replays rather than pays twice, and
 * dropped once it succeeds or the user edits the form (a new request needs a new key).
 */
export function useSubmission() {
  const inFlight = useRef(false);
  const key = useRef<string | undefined>(undefined);
  const [pending, setPending] = useState(false);

  const resetKey = useCallback(() => {
    key.current = undefined;
  }, []);

  const submit = useCallback(async (run: (idempotencyKey: string) => Promise<void>) => {
    if (inFlight.current) return;
    inFlight.current = true;
    setPending(true);
    key.current ??= newIdempotencyKey();
    try {
      await run(key.current);
      key.current = undefined;
    } finally {
      inFlight.current = false;
      setPending(false);
    }
  }, []);

  return { submit, pending, resetKey };
}
