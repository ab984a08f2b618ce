import { useAuth } from '../auth/auth-context';
import { coinLabel } from '../lib/format-coins';
import { SYSTEM_USER_ID } from '../lib/parse-amount';
import { useCoins } from '../state/coins-context';
import { CoinForm } from './CoinForm';

/** Send coins to another user; the answer carries the new balance, shown at once. */
export function TransferForm() {
  const { api, setBalance, historyChanged, handleAuthError } = useCoins();
  const { state } = useAuth();
  const me = state.status === 'signed-in' ? state.user.id : undefined;
  return (
    <section className="panel" aria-labelledby="transfer-heading">
      <h2 id="transfer-heading">Send coins</h2>
      <CoinForm
        idPrefix="transfer"
        {...(me ? { draftKey: `transfer.${me}` } : {})}
        userIdLabel="Recipient user id"
        noteLabel="Note"
        submitLabel="Send coins"
        pendingLabel="Sending…"
        checkRecipient={(userId) => {
          if (userId === me) return 'You cannot send coins to yourself.';
          if (userId === SYSTEM_USER_ID) return 'Coins cannot be sent to the DASWOS AI wallet.';
          return undefined;
        }}
        onAuthError={handleAuthError}
        onSubmit={async ({ userId, amount, note }, key) => {
          const answer = await api.transfer(
            { toUserId: userId, amount, ...(note ? { description: note } : {}) },
            key,
          );
          setBalance(answer.balance);
          historyChanged();
          return `Sent ${coinLabel(amount)} to ${userId}.`;
        }}
      />
    </section>
  );
}
