import { useEffect, useState } from 'react';
import type { Hold } from '../api/api-types';
import { useAuth } from '../auth/auth-context';
import { describeError } from '../lib/error-messages';
import { useCoins } from '../state/coins-context';
import { DasWosCoinDisplay } from './DasWosCoinDisplay';

const until = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' });

/**
 * Coins a DasWos service has reserved (a hold) and not yet captured or released: they are the
 * user's but not usable until then. Shown only while there are any.
 */
export function ActiveHolds() {
  const { api, historyVersion, handleAuthError } = useCoins();
  const signedIn = useAuth().state.status === 'signed-in';
  const [holds, setHolds] = useState<readonly Hold[]>([]);
  const [error, setError] = useState<string>();

  // historyVersion: reloaded with the history, after every change the page makes.
  // biome-ignore lint/correctness/useExhaustiveDependencies: historyVersion is the reload signal
  useEffect(() => {
    if (!signedIn) return;
    api.activeHolds().then(
      (answer) => {
        setHolds(answer.holds);
        setError(undefined);
      },
      (failure: unknown) => {
        if (!handleAuthError(failure)) setError(describeError(failure));
      },
    );
  }, [api, historyVersion, handleAuthError, signedIn]);

  if (holds.length === 0 && !error) return null;
  return (
    <section className="panel" aria-labelledby="holds-heading">
      <h2 id="holds-heading">Coins on hold</h2>
      {error ? <p role="alert">{error}</p> : null}
      <ul className="holds">
        {holds.map((hold) => (
          <li key={hold.holdId}>
            <DasWosCoinDisplay amount={hold.amount} /> for {hold.feature}
            {hold.description ? ` (${hold.description})` : ''}, until{' '}
            <time dateTime={hold.expiresAt}>{until.format(new Date(hold.expiresAt))}</time>
          </li>
        ))}
      </ul>
    </section>
  );
}
