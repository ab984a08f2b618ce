import { useState } from 'react';
import type { TransferResponse } from '../api/api-types';
import { useAuth } from '../auth/auth-context';
import { coinLabel, formatDateTime } from '../lib/format-coins';
import { SYSTEM_USER_ID } from '../lib/parse-amount';
import { useCoins } from '../state/coins-context';
import { CoinForm } from './CoinForm';

/** What a sent transfer leaves behind: who got how much, when, under which id, and the balance. */
function TransferReceipt({ receipt }: { receipt: TransferResponse }) {
  const { transaction } = receipt;
  return (
    <section className="receipt" aria-labelledby="transfer-receipt-heading" data-testid="receipt">
      <h3 id="transfer-receipt-heading">Receipt</h3>
      <dl className="figures">
        <div>
          <dt>Sent to</dt>
          <dd>{transaction.toUserId}</dd>
        </div>
        <div>
          <dt>Amount</dt>
          <dd>{coinLabel(transaction.amount)}</dd>
        </div>
        {transaction.description ? (
          <div>
            <dt>Note</dt>
            <dd>{transaction.description}</dd>
          </div>
        ) : null}
        <div>
          <dt>Time</dt>
          <dd>
            <time dateTime={transaction.timestamp}>{formatDateTime(transaction.timestamp)}</time>
          </dd>
        </div>
        <div>
          <dt>Transaction id</dt>
          <dd className="receipt__id">{transaction.transactionId}</dd>
        </div>
        <div>
          <dt>Your balance now</dt>
          <dd>{coinLabel(receipt.balance)}</dd>
        </div>
      </dl>
    </section>
  );
}

/**
 * Send coins to another user: the recipient and amount are confirmed before the coins move, the
 * available balance and a Max shortcut sit under the amount, and a receipt follows. The answer
 * carries the new balance, shown at once.
 */
export function TransferForm() {
  const { api, balance, setBalance, historyChanged, handleAuthError } = useCoins();
  const { state } = useAuth();
  const me = state.status === 'signed-in' ? state.user.id : undefined;
  const [receipt, setReceipt] = useState<TransferResponse>();
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
        available={balance}
        confirmation={{
          question: ({ userId, amount }) => `Send ${coinLabel(amount)} to ${userId}?`,
          confirmLabel: 'Confirm and send',
        }}
        checkRecipient={(userId) => {
          if (userId === me) return 'You cannot send coins to yourself.';
          if (userId === SYSTEM_USER_ID) return 'Coins cannot be sent to the DASWOS AI wallet.';
          return undefined;
        }}
        onAuthError={handleAuthError}
        onSubmit={async ({ userId, amount, note }, key) => {
          setReceipt(undefined);
          const answer = await api.transfer(
            { toUserId: userId, amount, ...(note ? { description: note } : {}) },
            key,
          );
          setBalance(answer.balance);
          setReceipt(answer);
          historyChanged();
          return `Sent ${coinLabel(amount)} to ${userId}.`;
        }}
      />
      {receipt ? <TransferReceipt receipt={receipt} /> : null}
    </section>
  );
}
