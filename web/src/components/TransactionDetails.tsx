import type { Transaction } from '../api/api-types';
import { coinLabel, formatDateTime } from '../lib/format-coins';
import { SYSTEM_USER_ID } from '../lib/parse-amount';

const nameOf = (userId: string) => (userId === SYSTEM_USER_ID ? 'DASWOS AI' : userId);

/** One transaction as a receipt: its id, time, both sides, and what it refers to. */
export function TransactionDetails({ transaction }: { transaction: Transaction }) {
  const lines: [string, string][] = [
    ['Transaction id', transaction.transactionId],
    ['Time', `${formatDateTime(transaction.timestamp)} (${transaction.timestamp})`],
    ['Amount', coinLabel(transaction.amount)],
    ['From', nameOf(transaction.fromUserId)],
    ['To', nameOf(transaction.toUserId)],
  ];
  if (transaction.feature) lines.push(['Feature', transaction.feature]);
  if (transaction.referenceId) lines.push(['Reference', transaction.referenceId]);
  if (transaction.description) lines.push(['Note', transaction.description]);
  return (
    <dl className="figures transaction-details">
      {lines.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
