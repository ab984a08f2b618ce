import { useAuth } from '../auth/auth-context';
import { coinLabel } from '../lib/format-coins';
import { useCoins } from '../state/coins-context';
import { CoinForm } from './CoinForm';

/**
 * Admins give coins from the DASWOS AI wallet. The page shows this panel only to the admin group
 * as the token names it; that is display only: the API's admin authorizer decides.
 */
export function AdminGivePanel() {
  const { api, refreshBalance, historyChanged, handleAuthError } = useCoins();
  const { state } = useAuth();
  const me = state.status === 'signed-in' ? state.user.id : undefined;
  return (
    <section className="panel panel--admin" aria-labelledby="admin-heading">
      <h2 id="admin-heading">Admin: give coins</h2>
      <p className="muted">Coins come from the DASWOS AI wallet and count against the supply.</p>
      <CoinForm
        idPrefix="give"
        {...(me ? { draftKey: `give.${me}` } : {})}
        userIdLabel="User id"
        noteLabel="Reason"
        submitLabel="Give coins"
        pendingLabel="Giving…"
        onAuthError={handleAuthError}
        onSubmit={async ({ userId, amount, note }, key) => {
          const result = await api.give({ userId, amount, ...(note ? { reason: note } : {}) }, key);
          if ('grant' in result) {
            // The grants panel lists it for another admin.
            historyChanged();
            return `${coinLabel(amount)} for ${userId} now wait for another admin's approval.`;
          }
          // An admin may give to themselves: their balance and history can change too.
          void refreshBalance();
          // Also reloads the supply figures, which follow the history's version.
          historyChanged();
          return `Gave ${coinLabel(amount)} to ${userId}.`;
        }}
      />
    </section>
  );
}
