import { useEffect, useRef, useState } from 'react';
import type { Plan, Subscription } from '../api/api-types';
import { useAuth } from '../auth/auth-context';
import { describeError } from '../lib/error-messages';
import { coinLabel, formatDateTime, formatPrice } from '../lib/format-coins';
import {
  forgetSubscriptionReturn,
  returnedFromSubscriptionCheckout,
} from '../lib/subscription-return';
import { useCoins } from '../state/coins-context';
import { PlanCards } from './PlanCards';

const STATUS_NAMES: Record<Subscription['status'], string> = {
  active: 'Active',
  past_due: 'Payment due',
  canceled: 'Cancelled',
};

/** The line about the next renewal: when it renews, when it ends, or that the date is not known. */
function renewalLine(subscription: Subscription): string {
  const end = subscription.currentPeriodEnd;
  if (subscription.status === 'canceled') return 'No more renewals.';
  if (!end) return 'The next renewal date is on its way from Stripe.';
  const when = formatDateTime(end);
  return subscription.cancelAtPeriodEnd ? `Ends on ${when}.` : `Renews on ${when}.`;
}

/** Back from a subscription Checkout: GET /subscription is asked this often, this many times. */
export const CONFIRM_POLL_MS = 2_000;
export const CONFIRM_POLLS = 10;

export interface SubscriptionSectionProps {
  /** Tests shorten the wait between checks while confirming. */
  readonly confirmPollMs?: number;
  readonly confirmPolls?: number;
}

/**
 * The user's subscription (plan, status, next renewal, Manage in Stripe's customer portal) above
 * the plans; a cancelled one leaves every plan open to subscribe again. Back from a subscription
 * Checkout, it says the subscription is being confirmed and asks GET /subscription again, a
 * bounded number of times, until it is there; then it says plainly that Stripe has not confirmed
 * it yet, rather than showing no subscription as if nothing had happened.
 */
export function SubscriptionSection({
  confirmPollMs = CONFIRM_POLL_MS,
  confirmPolls = CONFIRM_POLLS,
}: SubscriptionSectionProps = {}) {
  const { api, goTo, handleAuthError, historyVersion, historyChanged, refreshBalance } = useCoins();
  const signedIn = useAuth().state.status === 'signed-in';
  const [subscription, setSubscription] = useState<Subscription | null>();
  const [plans, setPlans] = useState<readonly Plan[]>([]);
  const [error, setError] = useState<string>();
  const [opening, setOpening] = useState(false);
  const busy = useRef(false);
  const [confirmation, setConfirmation] = useState<'confirming' | 'unconfirmed'>();
  // Counted across the effect's reruns, so the checks stay bounded whatever rerenders it.
  const checksMade = useRef(0);

  // Read once, on the first render after the return (a reload has no marker any more).
  useEffect(() => {
    if (!returnedFromSubscriptionCheckout()) return;
    forgetSubscriptionReturn();
    setConfirmation('confirming');
  }, []);

  useEffect(() => {
    if (confirmation !== 'confirming' || !signedIn) return;
    let cancelled = false;
    void (async () => {
      while (checksMade.current < confirmPolls) {
        checksMade.current++;
        try {
          const { subscription: found } = await api.subscription();
          if (cancelled) return;
          if (found && found.status !== 'canceled') {
            setSubscription(found);
            setConfirmation(undefined);
            // The first month's coins came with it: the balance and the history show them.
            historyChanged();
            void refreshBalance();
            return;
          }
        } catch (failure) {
          // A failed check counts as one; the next may answer. A session that ended stops here.
          if (cancelled || handleAuthError(failure)) return;
        }
        await new Promise((resolve) => setTimeout(resolve, confirmPollMs));
        if (cancelled) return;
      }
      setConfirmation('unconfirmed');
    })();
    return () => {
      cancelled = true;
    };
  }, [
    api,
    confirmation,
    confirmPollMs,
    confirmPolls,
    handleAuthError,
    historyChanged,
    refreshBalance,
    signedIn,
  ]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: historyVersion is the reload signal
  useEffect(() => {
    if (!signedIn) return;
    api.subscription().then(
      (answer) => setSubscription(answer.subscription),
      (failure: unknown) => {
        if (!handleAuthError(failure)) setError(describeError(failure));
      },
    );
    api.plans().then(setPlans, () => undefined);
  }, [api, handleAuthError, signedIn, historyVersion]);

  async function manage() {
    if (busy.current) return;
    busy.current = true;
    setOpening(true);
    setError(undefined);
    try {
      goTo((await api.subscriptionPortal()).url);
    } catch (failure) {
      if (!handleAuthError(failure)) setError(describeError(failure));
      busy.current = false;
      setOpening(false);
    }
  }

  const current = subscription && subscription.status !== 'canceled' ? subscription : undefined;
  const plan = plans.find((p) => p.id === subscription?.planId);
  return (
    <>
      {confirmation && !current ? (
        <section
          className="panel"
          aria-labelledby="subscription-heading"
          data-testid="subscription-confirming"
        >
          <h2 id="subscription-heading">Your subscription</h2>
          {confirmation === 'confirming' ? (
            <>
              <p role="status">Confirming your subscription with Stripe…</p>
              <p className="muted">
                Your plan and its first month's coins appear here as soon as Stripe confirms it.
              </p>
            </>
          ) : (
            <p role="status">
              Stripe has not confirmed your subscription yet. It appears here, with its coins, once
              it does: reload the page in a few minutes.
            </p>
          )}
        </section>
      ) : subscription ? (
        <section
          className="panel"
          aria-labelledby="subscription-heading"
          data-testid="subscription"
        >
          <h2 id="subscription-heading">Your subscription</h2>
          <dl className="figures">
            <div>
              <dt>Plan</dt>
              <dd>{plan ? plan.name : subscription.planId}</dd>
            </div>
            {plan ? (
              <div>
                <dt>Each month</dt>
                <dd>
                  {coinLabel(plan.coinsPerMonth)} for {formatPrice(plan.priceCents, plan.currency)}
                </dd>
              </div>
            ) : null}
            <div>
              <dt>Status</dt>
              <dd>{STATUS_NAMES[subscription.status]}</dd>
            </div>
          </dl>
          <p>{renewalLine(subscription)}</p>
          {subscription.status === 'past_due' ? (
            <p className="message message--error">
              The last payment did not go through: update your card with Manage to keep the coins
              coming.
            </p>
          ) : null}
          <button
            type="button"
            className="button"
            onClick={() => void manage()}
            aria-disabled={opening}
          >
            {opening ? 'Opening…' : 'Manage subscription'}
          </button>
          <div role="alert">{error ? <p className="message message--error">{error}</p> : null}</div>
        </section>
      ) : error ? (
        <p role="alert" className="message message--error">
          {error}
        </p>
      ) : null}
      <PlanCards currentPlanId={current?.planId} />
    </>
  );
}
