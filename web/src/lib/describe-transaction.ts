import type { Transaction } from '../api/api-types';
import { formatCoins } from './format-coins';
import { SYSTEM_USER_ID } from './parse-amount';

export interface HistoryRow {
  readonly id: string;
  readonly timestamp: string;
  readonly type: string;
  /** Positive when the coins came to `me`, negative when they left. */
  readonly signedAmount: number;
  readonly counterpart: string;
  readonly description: string;
}

const TYPE_NAMES: Record<Transaction['transactionType'], string> = {
  purchase: 'Purchase',
  giveaway: 'Giveaway',
  transfer: 'Transfer',
  refund: 'Refund',
  dispute: 'Dispute',
  spend: 'Spend',
  subscription: 'Subscription allowance',
  referral: 'Referral bonus',
  reward: 'Reward',
};

function userName(userId: string): string {
  return userId === SYSTEM_USER_ID ? 'DASWOS AI' : userId;
}

/** One history entry as `me` sees it: in or out, and who was on the other side. */
export function describeTransaction(transaction: Transaction, me: string): HistoryRow {
  const incoming = transaction.toUserId === me;
  const base = TYPE_NAMES[transaction.transactionType] ?? transaction.transactionType;
  return {
    id: transaction.transactionId,
    timestamp: transaction.timestamp,
    type: typeLabel(transaction, base, incoming),
    signedAmount: incoming ? transaction.amount : -transaction.amount,
    counterpart: userName(incoming ? transaction.fromUserId : transaction.toUserId),
    description: descriptionOf(transaction),
  };
}

/** Transfers say their direction; spends name the feature the coins paid for; a referral bonus
 * leaving the wallet is one taken back after a refund. */
function typeLabel(transaction: Transaction, base: string, incoming: boolean): string {
  if (transaction.transactionType === 'transfer') return `${base} ${incoming ? 'in' : 'out'}`;
  if (transaction.transactionType === 'referral' && !incoming) return `${base} taken back`;
  if (transaction.transactionType === 'spend' && transaction.feature)
    return `${base}: ${transaction.feature}`;
  return base;
}

/** Purchases say what was bought in coins; the ledger's own note names an internal bundle id. */
function descriptionOf(transaction: Transaction): string {
  if (transaction.transactionType === 'purchase')
    return `Bought ${formatCoins(transaction.amount)} coins`;
  return transaction.description ?? '';
}
