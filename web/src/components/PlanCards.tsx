import { useEffect, useState } from 'react';
import type { Plan } from '../api/api-types';
import { describeError } from '../lib/error-messages';
import { coinLabel, formatPrice } from '../lib/format-coins';
import { useCheckout } from '../lib/use-checkout';
import { useCoins } from '../state/coins-context';
import { CardPlaceholders } from './CardPlaceholders';
import { DasWosCoinDisplay } from './DasWosCoinDisplay';

export interface PlanCardsProps {
  /** Leaves for Checkout; a prop so tests can watch it instead of navigating jsdom. */
  readonly goTo?: (url: string) => void;
  /** The plan the user is on: its card says so instead of offering it again. */
  readonly currentPlanId?: string | undefined;
}

/** The monthly plans, shown to everyone, each with its coins a month and a Subscribe button. */
export function PlanCards({ goTo, currentPlanId }: PlanCardsProps) {
  const { api, goTo: leavePage } = useCoins();
  const [plans, setPlans] = useState<readonly Plan[]>();
  const [loadError, setLoadError] = useState<string>();
  const checkout = useCheckout('plan', api.subscribe, goTo ?? leavePage);

  useEffect(() => {
    api.plans().then(setPlans, (error: unknown) => setLoadError(describeError(error)));
  }, [api]);

  return (
    <section className="panel" aria-labelledby="plans-heading">
      <h2 id="plans-heading">Monthly plans</h2>
      {loadError ? <p role="alert">{loadError}</p> : null}
      {plans === undefined && !loadError ? (
        <CardPlaceholders count={2} label="Loading plans" tall />
      ) : null}
      <ul className="bundle-grid">
        {plans?.map((plan) => {
          const price = formatPrice(plan.priceCents, plan.currency);
          const current = plan.id === currentPlanId;
          return (
            <li key={plan.id} className="bundle-card" data-testid={`plan-${plan.id}`}>
              <h3 className="plan-card__name">{plan.name}</h3>
              <p className="plan-card__coins">
                <DasWosCoinDisplay amount={plan.coinsPerMonth} size="lg" />
                <span className="muted"> a month</span>
              </p>
              <p className="bundle-card__price">{price} a month</p>
              {current ? (
                <p className="badge">Your plan</p>
              ) : (
                <button
                  type="button"
                  className="button button--primary"
                  onClick={() => checkout.start(plan.id)}
                  disabled={checkout.opening !== undefined || currentPlanId !== undefined}
                  aria-label={`Subscribe to ${plan.name}: ${coinLabel(plan.coinsPerMonth)} a month for ${price}`}
                >
                  {checkout.opening === plan.id ? 'Opening checkout…' : 'Subscribe'}
                </button>
              )}
            </li>
          );
        })}
      </ul>
      <div aria-live="assertive">
        {checkout.error ? <p className="message message--error">{checkout.error}</p> : null}
        {checkout.notice ? <p className="message">{checkout.notice}</p> : null}
      </div>
    </section>
  );
}
