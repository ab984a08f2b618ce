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

type TransactionType = Transaction['transactionType'];

/** The history's type filter: a few groups a person thinks in, each of some ledger types. */
export const HISTORY_FILTERS: readonly {
  readonly id: string;
  readonly label: string;
  readonly types: readonly TransactionType[];
}[] = [
  { id: 'all', label: 'All types', types: [] },
  { id: 'bought', label: 'Purchases and subscriptions', types: ['purchase', 'subscription'] },
  { id: 'transfers', label: 'Transfers', types: ['transfer'] },
  { id: 'spent', label: 'Spending', types: ['spend'] },
  {
    id: 'earned',
    label: 'Rewards, referrals and gifts',
    types: ['reward', 'referral', 'giveaway'],
  },
  { id: 'refunds', label: 'Refunds and disputes', types: ['refund', 'dispute'] },
];

export function matchesFilter(transaction: Transaction, filterId: string): boolean {
  const filter = HISTORY_FILTERS.find((f) => f.id === filterId);
  return !filter || filter.types.length === 0 || filter.types.includes(transaction.transactionType);
}

function userName(userId: string): string {
  return userId === SYSTEM_USER_ID ? 'DASWOS AI' : userId;
}

/** `premium-listing` -> "premium listing": ids of features and actions, read as words. */
function words(id: string): string {
  return id.replace(/[-_.]+/g, ' ').trim();
}

/** One history entry as `me` sees it: in or out, and who was on the other side. */
export function describeTransaction(transaction: Transaction, me: string): HistoryRow {
  const incoming = transaction.toUserId === me;
  return {
    id: transaction.transactionId,
    timestamp: transaction.timestamp,
    type: typeLabel(transaction, incoming),
    signedAmount: incoming ? transaction.amount : -transaction.amount,
    counterpart: userName(incoming ? transaction.fromUserId : transaction.toUserId),
    description: descriptionOf(transaction),
  };
}

/**
 * A label for every type, in words: transfers say their direction, spends the feature the coins
 * paid for, rewards their action; a referral bonus leaving the wallet is one taken back after a
 * refund, and refunds and disputes take back the coins of a payment.
 */
function typeLabel(transaction: Transaction, incoming: boolean): string {
  switch (transaction.transactionType) {
    case 'purchase':
      return 'Purchase';
    case 'giveaway':
      return 'Gift from DasWos';
    case 'transfer':
      return `Transfer ${incoming ? 'in' : 'out'}`;
    case 'refund':
      return 'Payment refunded';
    case 'dispute':
      return 'Payment disputed';
    case 'spend':
      return transaction.feature ? `Spent on ${words(transaction.feature)}` : 'Spent';
    case 'reward': {
      const action = /^Reward for (.+)$/.exec(transaction.description ?? '')?.[1];
      return action ? `Reward: ${words(action)}` : 'Reward';
    }
    case 'referral':
      return incoming ? 'Referral bonus' : 'Referral bonus taken back';
    case 'subscription':
      return 'Subscription allowance';
    default:
      return transaction.transactionType;
  }
}

/** Purchases say what was bought in coins (the ledger's note names an internal bundle id);
 * refunds and disputes say what happened to the coins. */
function descriptionOf(transaction: Transaction): string {
  switch (transaction.transactionType) {
    case 'purchase':
      return `Bought ${formatCoins(transaction.amount)} coins`;
    case 'refund':
      return 'Coins taken back: the payment was refunded';
    case 'dispute':
      return 'Coins taken back: the payment is disputed with the bank';
    default:
      return transaction.description ?? '';
  }
}
