import { transactionIdFor } from '#shared/ledger/transaction';

/** The idempotency owner of allowances: an invoice is credited once, whoever delivers it. */
export const ALLOWANCE_IDEMPOTENCY_OWNER = 'stripe-invoice';

/** An allowance's transaction id is derived from its invoice id, so it can be read back. */
export function allowanceTransactionId(invoiceId: string): string {
  return transactionIdFor('subscription', { owner: ALLOWANCE_IDEMPOTENCY_OWNER, key: invoiceId });
}
