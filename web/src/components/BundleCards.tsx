import { useEffect, useState } from 'react';
import type { Bundle } from '../api/api-types';
import { describeError } from '../lib/error-messages';
import { bestValueId, coinLabel, formatPrice, formatPricePerCoin } from '../lib/format-coins';
import { useCheckout } from '../lib/use-checkout';
import { useCoins } from '../state/coins-context';
import { CardPlaceholders } from './CardPlaceholders';
import { DasWosCoinDisplay } from './DasWosCoinDisplay';

export interface BundleCardsProps {
  /** Leaves for Checkout; a prop so tests can watch it instead of navigating jsdom. */
  readonly goTo?: (url: string) => void;
}

/**
 * The bundles on sale, shown to everyone: price, price per coin, the best value marked, and a
 * Buy button that opens Stripe Checkout (after a sign-in, for a visitor).
 */
export function BundleCards({ goTo }: BundleCardsProps) {
  const { api, goTo: leavePage } = useCoins();
  const [bundles, setBundles] = useState<readonly Bundle[]>();
  const [loadError, setLoadError] = useState<string>();
  const checkout = useCheckout('bundle', api.purchase, goTo ?? leavePage);

  useEffect(() => {
    api.bundles().then(setBundles, (error: unknown) => setLoadError(describeError(error)));
  }, [api]);

  const best = bundles ? bestValueId(bundles) : undefined;
  return (
    <section className="panel" aria-labelledby="bundles-heading">
      <h2 id="bundles-heading" tabIndex={-1}>
        Buy DasWos coins
      </h2>
      {loadError ? <p role="alert">{loadError}</p> : null}
      {bundles === undefined && !loadError ? (
        <CardPlaceholders count={6} label="Loading bundles" />
      ) : null}
      <ul className="bundle-grid">
        {bundles?.map((bundle) => {
          const price = formatPrice(bundle.priceCents, bundle.currency);
          return (
            <li
              key={bundle.id}
              className={`bundle-card${bundle.id === best ? ' bundle-card--best' : ''}`}
              data-testid={`bundle-${bundle.id}`}
            >
              {bundle.id === best ? <span className="badge badge--best">Best value</span> : null}
              <DasWosCoinDisplay amount={bundle.coins} size="lg" />
              <p className="bundle-card__price">{price}</p>
              <p className="bundle-card__unit muted">
                {formatPricePerCoin(bundle.priceCents, bundle.coins, bundle.currency)}
              </p>
              <button
                type="button"
                className="button button--primary"
                onClick={() => checkout.start(bundle.id)}
                disabled={checkout.opening !== undefined}
                aria-label={`Buy ${coinLabel(bundle.coins)} for ${price}`}
              >
                {checkout.opening === bundle.id ? 'Opening checkout…' : 'Buy'}
              </button>
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
