import { useEffect, useRef, useState } from 'react';
import type { Plan, Subscription } from '../api/api-types';
import { useAuth } from '../auth/auth-context';
import { describeError } from '../lib/error-messages';
import { coinLabel, formatDateTime, formatPrice } from '../lib/format-coins';
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

/**
 * The user's subscription (plan, status, next renewal, Manage in Stripe's customer portal) above
 * the plans; a cancelled one leaves every plan open to subscribe again.
 */
export function SubscriptionSection() {
  const { api, goTo, handleAuthError, historyVersion } = useCoins();
  const signedIn = useAuth().state.status === 'signed-in';
  const [subscription, setSubscription] = useState<Subscription | null>();
  const [plans, setPlans] = useState<readonly Plan[]>([]);
  const [error, setError] = useState<string>();
  const [opening, setOpening] = useState(false);
  const busy = useRef(false);

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
      {subscription ? (
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
