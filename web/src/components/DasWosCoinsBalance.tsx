import { useCoins } from '../state/coins-context';
import { DasWosCoinDisplay } from './DasWosCoinDisplay';

/** The signed-in user's balance, in the header on every page. */
export function DasWosCoinsBalance() {
  const { balance, balanceError, freshness } = useCoins();
  return (
    <p className="header-balance" data-testid="header-balance">
      <span className="header-balance__label">Balance</span>{' '}
      {balance === undefined ? (
        <span className="muted">{balanceError ? 'unavailable' : 'loading…'}</span>
      ) : (
        <DasWosCoinDisplay amount={balance} />
      )}
      {balance !== undefined && freshness.stale ? (
        <span className="header-balance__stale">
          {freshness.online ? 'not current' : 'offline'}
        </span>
      ) : null}
    </p>
  );
}
