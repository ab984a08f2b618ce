import { useEffect, useState } from 'react';
import type { SupplyResponse } from '../api/api-types';
import { describeError } from '../lib/error-messages';
import { useCoins } from '../state/coins-context';
import { DasWosCoinDisplay } from './DasWosCoinDisplay';

/** The fixed supply: how much exists, how much users hold, how much DASWOS AI still holds. */
export function SupplyFigures() {
  const { api, historyVersion } = useCoins();
  const [supply, setSupply] = useState<SupplyResponse>();
  const [error, setError] = useState<string>();

  // historyVersion: a purchase or giveaway mints coins, so the figures follow every change.
  // biome-ignore lint/correctness/useExhaustiveDependencies: historyVersion is the reload signal
  useEffect(() => {
    api.supply().then(
      (answer) => {
        setSupply(answer);
        setError(undefined);
      },
      (failure: unknown) => setError(describeError(failure)),
    );
  }, [api, historyVersion]);

  const mintedShare =
    supply && supply.totalAmount > 0 ? (supply.mintedAmount / supply.totalAmount) * 100 : 0;
  return (
    <section className="panel" aria-labelledby="supply-heading">
      <h2 id="supply-heading">Supply</h2>
      {error ? <p role="alert">{error}</p> : null}
      {supply ? (
        <>
          <dl className="figures">
            <div>
              <dt>Total supply</dt>
              <dd>
                <DasWosCoinDisplay amount={supply.totalAmount} />
              </dd>
            </div>
            <div>
              <dt>In circulation</dt>
              <dd>
                <DasWosCoinDisplay amount={supply.mintedAmount} />
              </dd>
            </div>
            <div>
              <dt>Held by DASWOS AI</dt>
              <dd>
                <DasWosCoinDisplay amount={supply.remainingAmount} />
              </dd>
            </div>
          </dl>
          <div className="supply-bar" aria-hidden="true">
            <div className="supply-bar__fill" style={{ width: `${Math.max(mintedShare, 0.5)}%` }} />
          </div>
        </>
      ) : error ? null : (
        <p className="muted">Loading supply…</p>
      )}
    </section>
  );
}
