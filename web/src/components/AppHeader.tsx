import { useAuth } from '../auth/auth-context';
import { COINS_PATH, navigate } from '../lib/navigation';
import { DasWosCoinIcon } from './DasWosCoinIcon';
import { DasWosCoinsBalance } from './DasWosCoinsBalance';

export function AppHeader() {
  const { state, signOut } = useAuth();
  return (
    <header className="app-header">
      <a
        className="brand"
        href={COINS_PATH}
        onClick={(event) => {
          event.preventDefault();
          navigate(COINS_PATH);
        }}
      >
        <DasWosCoinIcon size={28} />
        <span>DasWos Coins</span>
      </a>
      {state.status === 'signed-in' ? (
        <div className="app-header__user">
          <DasWosCoinsBalance />
          <span className="app-header__name" data-testid="signed-in-user" title={state.user.name}>
            <span className="app-header__name-text">{state.user.name}</span>
            {state.user.isAdmin ? <span className="badge">admin</span> : null}
          </span>
          <button type="button" className="button button--quiet" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      ) : null}
    </header>
  );
}
