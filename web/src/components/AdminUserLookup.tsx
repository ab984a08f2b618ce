import { type FormEvent, useState } from 'react';
import type { AdminUserResponse } from '../api/api-types';
import { describeError } from '../lib/error-messages';
import { coinLabel, formatDateTime } from '../lib/format-coins';
import { checkUserId } from '../lib/parse-amount';
import { useCoins } from '../state/coins-context';
import { FormMessages } from './FormMessages';

/**
 * Admins: a wallet as support sees it (balance, frozen, dates), and freezing or unfreezing it
 * with a reason, which the API logs. A frozen wallet still receives coins but cannot send them.
 */
export function AdminUserLookup() {
  const { api, handleAuthError } = useCoins();
  const [userId, setUserId] = useState('');
  const [wallet, setWallet] = useState<AdminUserResponse>();
  const [reason, setReason] = useState('');
  const [pending, setPending] = useState(false);
  const [success, setSuccess] = useState<string>();
  const [error, setError] = useState<string>();

  async function run(action: () => Promise<void>) {
    if (pending) return;
    setPending(true);
    setSuccess(undefined);
    setError(undefined);
    try {
      await action();
    } catch (failure) {
      if (!handleAuthError(failure)) setError(describeError(failure));
    } finally {
      setPending(false);
    }
  }

  function lookUp(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const problem = checkUserId(userId);
    if (problem) {
      setError(problem);
      return;
    }
    void run(async () => {
      setWallet(undefined);
      setWallet(await api.adminUser(userId.trim()));
    });
  }

  function setFrozen(frozen: boolean) {
    if (!wallet) return;
    if (reason.trim() === '') {
      setError('Say why: the reason is logged with the action.');
      return;
    }
    void run(async () => {
      await api.setFrozen(wallet.userId, frozen, reason.trim());
      setWallet({ ...wallet, frozen });
      setReason('');
      setSuccess(`${wallet.userId}'s wallet is ${frozen ? 'frozen' : 'no longer frozen'}.`);
    });
  }

  return (
    <section className="panel panel--admin" aria-labelledby="lookup-heading">
      <h2 id="lookup-heading">Admin: look up a user</h2>
      <form className="inline-form" onSubmit={lookUp} noValidate>
        <div className="field">
          <label htmlFor="lookup-user">User id</label>
          <input
            id="lookup-user"
            spellCheck={false}
            autoComplete="off"
            value={userId}
            onChange={(e) => setUserId(e.target.value)}
          />
        </div>
        <button type="submit" className="button" aria-disabled={pending}>
          Look up
        </button>
      </form>
      {wallet ? (
        <div data-testid="wallet">
          <dl className="figures">
            <div>
              <dt>User</dt>
              <dd>{wallet.userId}</dd>
            </div>
            <div>
              <dt>Balance</dt>
              <dd>{coinLabel(wallet.balance)}</dd>
            </div>
            <div>
              <dt>Status</dt>
              <dd>{wallet.frozen ? 'Frozen: receives, cannot send' : 'Active'}</dd>
            </div>
            <div>
              <dt>Opened</dt>
              <dd>{wallet.createdAt ? formatDateTime(wallet.createdAt) : 'unknown'}</dd>
            </div>
          </dl>
          <div className="field">
            <label htmlFor="lookup-reason">Reason (logged)</label>
            <input id="lookup-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
          </div>
          <button
            type="button"
            className="button"
            aria-disabled={pending}
            onClick={() => setFrozen(!wallet.frozen)}
          >
            {wallet.frozen ? 'Unfreeze wallet' : 'Freeze wallet'}
          </button>
        </div>
      ) : null}
      <FormMessages success={success} error={error} />
    </section>
  );
}
