import { useEffect, useRef, useState } from 'react';
import type { Bundle } from '../api/api-types';
import { describeError } from '../lib/error-messages';
import { coinLabel, formatPrice } from '../lib/format-coins';
import { newIdempotencyKey } from '../lib/idempotency-key';
import { useCoins } from '../state/coins-context';
import { DasWosCoinDisplay } from './DasWosCoinDisplay';

export interface BundleCardsProps {
  /** Leaves for Checkout; a prop so tests can watch it instead of navigating jsdom. */
  readonly goTo?: (url: string) => void;
}

/** The bundles on sale, each with its price and a Buy button that opens Stripe Checkout. */
export function BundleCards({ goTo = (url) => window.location.assign(url) }: BundleCardsProps) {
  const { api, handleAuthError } = useCoins();
  const [bundles, setBundles] = useState<readonly Bundle[]>();
  const [loadError, setLoadError] = useState<string>();
  const [buying, setBuying] = useState<string>();
  const [buyError, setBuyError] = useState<string>();
  // A ref, not state: two clicks in one frame both see the old state.
  const busy = useRef(false);

  useEffect(() => {
    api.bundles().then(setBundles, (error: unknown) => setLoadError(describeError(error)));
  }, [api]);

  async function buy(bundle: Bundle) {
    if (busy.current) return;
    busy.current = true;
    setBuying(bundle.id);
    setBuyError(undefined);
    try {
      const checkout = await api.purchase(bundle.id, newIdempotencyKey());
      goTo(checkout.url);
    } catch (error) {
      if (!handleAuthError(error)) setBuyError(describeError(error));
      busy.current = false;
      setBuying(undefined);
    }
  }

  return (
    <section className="panel" aria-labelledby="bundles-heading">
      <h2 id="bundles-heading">Buy DasWos coins</h2>
      {loadError ? <p role="alert">{loadError}</p> : null}
      {bundles === undefined && !loadError ? <p className="muted">Loading bundles…</p> : null}
      <ul className="bundle-grid">
        {bundles?.map((bundle) => {
          const price = formatPrice(bundle.priceCents, bundle.currency);
          return (
            <li key={bundle.id} className="bundle-card" data-testid={`bundle-${bundle.id}`}>
              <DasWosCoinDisplay amount={bundle.coins} size="lg" />
              <p className="bundle-card__price">{price}</p>
              <button
                type="button"
                className="button button--primary"
                onClick={() => void buy(bundle)}
                disabled={buying !== undefined}
                aria-label={`Buy ${coinLabel(bundle.coins)} for ${price}`}
              >
                {buying === bundle.id ? 'Opening checkout…' : 'Buy'}
              </button>
            </li>
          );
        })}
      </ul>
      <div aria-live="assertive">
        {buyError ? <p className="message message--error">{buyError}</p> : null}
      </div>
    </section>
  );
}
