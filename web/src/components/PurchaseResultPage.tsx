import { type ReactNode, useEffect, useState } from 'react';
import { ApiError } from '../api/api-client';
import type { PurchaseStatusResponse } from '../api/api-types';
import { useAuth } from '../auth/auth-context';
import { coinLabel } from '../lib/format-coins';
import { COINS_PATH, navigate } from '../lib/navigation';
import { useCoins } from '../state/coins-context';
import { DasWosCoinDisplay } from './DasWosCoinDisplay';
import { SignInPanel } from './SignInPanel';

export interface PollOptions {
  readonly intervalMs: number;
  readonly attempts: number;
}

/** The webhook usually lands before the buyer does; if not, half a minute covers nearly all. */
export const DEFAULT_POLL: PollOptions = { intervalMs: 2000, attempts: 15 };

type Outcome =
  | { readonly kind: 'checking' }
  | { readonly kind: 'pending'; readonly purchase: PurchaseStatusResponse }
  | { readonly kind: 'credited'; readonly purchase: PurchaseStatusResponse }
  | { readonly kind: 'refunded'; readonly purchase: PurchaseStatusResponse }
  | { readonly kind: 'not-found' }
  | { readonly kind: 'unreachable' };

type RefundReason = NonNullable<PurchaseStatusResponse['refundReason']>;

/** Why a payment was refunded, in the buyer's words. */
export const REFUND_EXPLANATIONS: Readonly<Record<RefundReason, string>> = {
  'sold-out': 'The coins sold out between your checkout and your payment.',
  'bundle-unavailable': 'That bundle was taken off sale before your payment arrived.',
  'terms-mismatch': 'The payment did not match the price of the bundle.',
  'buyer-mismatch': 'We could not match the payment to your account.',
};

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

function ResultPanel({ heading, children }: { heading: string; children: ReactNode }) {
  return (
    <section className="panel result" aria-labelledby="result-heading">
      <h2 id="result-heading">{heading}</h2>
      {children}
    </section>
  );
}

/**
 * Back from Checkout with a session id: asks the API where that purchase stands
 * (`GET /purchases/{sessionId}`) and says exactly that: credited (with the new balance), still
 * pending (after polling a while, since Stripe's webhook may arrive after the buyer), refunded
 * (and why), or not a purchase of this user's.
 */
export function PurchaseSuccess({
  sessionId,
  poll = DEFAULT_POLL,
}: {
  sessionId: string;
  poll?: PollOptions;
}) {
  const { api, balance, refreshBalance, historyChanged } = useCoins();
  const { state } = useAuth();
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'checking' });
  const [round, setRound] = useState(0);
  const signedIn = state.status === 'signed-in';

  // round restarts the polling when the buyer asks to check again.
  // biome-ignore lint/correctness/useExhaustiveDependencies: round is the restart signal
  useEffect(() => {
    if (!signedIn || !sessionId) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    setOutcome({ kind: 'checking' });
    async function check(attempt: number) {
      let last: Outcome = { kind: 'unreachable' };
      try {
        const purchase = await api.purchaseStatus(sessionId);
        if (stopped) return;
        if (purchase.status !== 'pending') {
          setOutcome({ kind: purchase.status, purchase });
          if (purchase.status === 'credited') {
            await refreshBalance();
            historyChanged();
          }
          return;
        }
        last = { kind: 'pending', purchase };
      } catch (error) {
        if (stopped) return;
        if (error instanceof ApiError && error.code === 'NOT_FOUND') {
          setOutcome({ kind: 'not-found' });
          return;
        }
        // A failed look is just one attempt; the next one may work.
      }
      if (attempt + 1 >= poll.attempts) setOutcome(last);
      else timer = setTimeout(() => void check(attempt + 1), poll.intervalMs);
    }
    void check(0);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [api, sessionId, signedIn, poll.attempts, poll.intervalMs, round]);

  if (!signedIn) return <SignInPanel />;
  if (!sessionId) {
    return (
      <ResultPanel heading="No purchase to show">
        <p role="status">This link does not name a purchase. Your balance has not changed.</p>
        <div className="actions">
          <BackLink />
        </div>
      </ResultPanel>
    );
  }
  const checkAgain = (
    <button type="button" className="button" onClick={() => setRound((r) => r + 1)}>
      Check again
    </button>
  );
  return (
    <ResultPanel heading={HEADINGS[outcome.kind]}>
      <div role="status" aria-live="polite">
        {outcome.kind === 'checking' ? <p>Checking your purchase…</p> : null}
        {outcome.kind === 'credited' ? (
          <p className="message message--success">
            Payment confirmed: <DasWosCoinDisplay amount={outcome.purchase.coins} /> were added to
            your balance
            {balance === undefined ? (
              '.'
            ) : (
              <>
                , which is now <DasWosCoinDisplay amount={balance} />.
              </>
            )}
          </p>
        ) : null}
        {outcome.kind === 'pending' ? (
          <p className="message">
            We have not received the payment confirmation for {coinLabel(outcome.purchase.coins)}{' '}
            from Stripe yet. If you paid, the coins are added as soon as it arrives, usually within
            a few minutes; if you did not finish paying, nothing was charged.
          </p>
        ) : null}
        {outcome.kind === 'refunded' ? (
          <p className="message">
            {outcome.purchase.refundReason
              ? REFUND_EXPLANATIONS[outcome.purchase.refundReason]
              : 'We could not add these coins.'}{' '}
            We refunded your payment in full; it usually reaches your card within 5 to 10 business
            days. Your balance has not changed.
          </p>
        ) : null}
        {outcome.kind === 'not-found' ? (
          <p className="message">
            This is not a purchase of yours: no purchase with this reference belongs to your
            account. If you were charged, contact us with the payment receipt.
          </p>
        ) : null}
        {outcome.kind === 'unreachable' ? (
          <p className="message">
            We could not check your purchase just now. Your payment is safe either way: check again
            in a moment.
          </p>
        ) : null}
      </div>
      <div className="actions">
        {outcome.kind === 'pending' || outcome.kind === 'unreachable' ? checkAgain : null}
        <BackLink />
      </div>
    </ResultPanel>
  );
}

const HEADINGS: Readonly<Record<Outcome['kind'], string>> = {
  checking: 'Thank you for your purchase',
  credited: 'Thank you for your purchase',
  pending: 'Waiting for your payment',
  refunded: 'Your payment was refunded',
  'not-found': 'Purchase not found',
  unreachable: 'Thank you for your purchase',
};

export function PurchaseCancelled() {
  return (
    <ResultPanel heading="Purchase cancelled">
      <p role="status">No payment was taken and your balance has not changed.</p>
      <div className="actions">
        <BackLink />
      </div>
    </ResultPanel>
  );
}
