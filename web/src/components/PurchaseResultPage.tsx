import { useEffect, useState } from 'react';
import { useAuth } from '../auth/auth-context';
import { coinLabel } from '../lib/format-coins';
import { COINS_PATH, navigate } from '../lib/navigation';
import { forgetPurchase, recallPurchase } from '../lib/pending-purchase';
import { useCoins } from '../state/coins-context';
import { DasWosCoinDisplay } from './DasWosCoinDisplay';
import { SignInPanel } from './SignInPanel';

export interface PollOptions {
  readonly intervalMs: number;
  readonly attempts: number;
}

/** The webhook usually lands before the buyer does; if not, a few seconds cover it. */
export const DEFAULT_POLL: PollOptions = { intervalMs: 1000, attempts: 15 };

type Status = 'confirming' | 'confirmed' | 'slow';

function BackLink() {
  return (
    <a
      className="button"
      href={COINS_PATH}
      onClick={(event) => {
        event.preventDefault();
        navigate(COINS_PATH);
      }}
    >
      Back to DasWos coins
    </a>
  );
}

/**
 * Back from Checkout with a session id: looks for the purchase in the history (its reference is
 * the session id, so this is exact, not a guess from the balance) and refreshes the balance,
 * polling briefly because Stripe's webhook may arrive a moment after the buyer.
 */
export function PurchaseSuccess({
  sessionId,
  poll = DEFAULT_POLL,
}: {
  sessionId: string;
  poll?: PollOptions;
}) {
  const { api, refreshBalance, historyChanged } = useCoins();
  const { state } = useAuth();
  const [status, setStatus] = useState<Status>('confirming');
  const [coins, setCoins] = useState(() => recallPurchase(sessionId)?.coins);
  const [round, setRound] = useState(0);
  const signedIn = state.status === 'signed-in';

  // round restarts the polling when the buyer asks to check again.
  // biome-ignore lint/correctness/useExhaustiveDependencies: round is the restart signal
  useEffect(() => {
    if (!signedIn || !sessionId) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    setStatus('confirming');
    async function check(attempt: number) {
      try {
        const page = await api.transactions(null, 20);
        const purchase = page.transactions.find(
          (t) => t.transactionType === 'purchase' && t.referenceId === sessionId,
        );
        if (stopped) return;
        if (purchase) {
          setCoins(purchase.amount);
          setStatus('confirmed');
          forgetPurchase();
          await refreshBalance();
          historyChanged();
          return;
        }
      } catch {
        // A failed look is just one attempt; the next one may work.
      }
      if (stopped) return;
      if (attempt + 1 >= poll.attempts) setStatus('slow');
      else timer = setTimeout(() => void check(attempt + 1), poll.intervalMs);
    }
    void check(0);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [api, sessionId, signedIn, poll.attempts, poll.intervalMs, round]);

  if (!signedIn) return <SignInPanel />;
  return (
    <section className="panel result" aria-labelledby="result-heading">
      <h2 id="result-heading">Thank you for your purchase</h2>
      <div role="status" aria-live="polite">
        {status === 'confirming' ? <p>Confirming your payment…</p> : null}
        {status === 'confirmed' ? (
          <p className="message message--success">
            Payment confirmed:{' '}
            {coins === undefined ? 'your coins' : <DasWosCoinDisplay amount={coins} />} were added
            to your balance.
          </p>
        ) : null}
        {status === 'slow' ? (
          <p className="message">
            Your payment went through, but {coins === undefined ? 'the coins' : coinLabel(coins)}{' '}
            are not in your balance yet. They usually arrive within a minute.
          </p>
        ) : null}
      </div>
      <div className="actions">
        {status === 'slow' ? (
          <button type="button" className="button" onClick={() => setRound((r) => r + 1)}>
            Check again
          </button>
        ) : null}
        <BackLink />
      </div>
    </section>
  );
}

export function PurchaseCancelled() {
  useEffect(() => forgetPurchase(), []);
  return (
    <section className="panel result" aria-labelledby="result-heading">
      <h2 id="result-heading">Purchase cancelled</h2>
      <p role="status">No payment was taken and your balance has not changed.</p>
      <div className="actions">
        <BackLink />
      </div>
    </section>
  );
}
