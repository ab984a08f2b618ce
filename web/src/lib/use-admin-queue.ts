import { useEffect, useRef, useState } from 'react';
import { useAuth } from '../auth/auth-context';
import { useCoins } from '../state/coins-context';
import { describeError } from './error-messages';

/**
 * What waits for an admin's decision (grants, batches): loaded when signed in and again after
 * every change of history, decided one at a time, with the outcome or the refusal to show.
 */
export function useAdminQueue<T>(load: () => Promise<readonly T[]>) {
  const { historyVersion, historyChanged, handleAuthError } = useCoins();
  const signedIn = useAuth().state.status === 'signed-in';
  const [items, setItems] = useState<readonly T[]>();
  const [success, setSuccess] = useState<string>();
  const [error, setError] = useState<string>();
  const deciding = useRef(false);
  const loadRef = useRef(load);
  loadRef.current = load;

  // biome-ignore lint/correctness/useExhaustiveDependencies: historyVersion is the reload signal
  useEffect(() => {
    if (!signedIn) return;
    loadRef.current().then(setItems, (failure: unknown) => {
      if (!handleAuthError(failure)) setError(describeError(failure));
    });
  }, [handleAuthError, signedIn, historyVersion]);

  /** Runs one decision; its answer is the message to show. A second click meanwhile is ignored. */
  async function decide(run: () => Promise<string>): Promise<void> {
    if (deciding.current) return;
    deciding.current = true;
    setSuccess(undefined);
    setError(undefined);
    try {
      setSuccess(await run());
      historyChanged();
    } catch (failure) {
      if (!handleAuthError(failure)) setError(describeError(failure));
    } finally {
      deciding.current = false;
    }
  }

  return { items, success, error, decide };
}
