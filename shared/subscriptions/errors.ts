import { DasWosCoinsError } from '#shared/errors';

/** The caller already has a subscription that is active or past due: one at a time. */
export class AlreadySubscribedError extends DasWosCoinsError {
  readonly code = 'ALREADY_SUBSCRIBED';

  constructor() {
    super('You already have a subscription; change or cancel it from the billing portal');
  }
}

/** The caller has never subscribed, so there is no billing account to manage. */
export class NoSubscriptionError extends DasWosCoinsError {
  readonly code = 'NOT_FOUND';

  constructor() {
    super('You have no subscription');
  }
}

/**
 * The invoice was refunded because it could not be credited: it must never be credited after.
 * Only the webhook sees it (the allowance's failed companion condition); it is not an HTTP answer.
 */
export class InvoiceRefundedError extends DasWosCoinsError {
  readonly code = 'INVOICE_REFUNDED';

  constructor(readonly invoiceId: string) {
    super(`Invoice ${invoiceId} was refunded and cannot be credited`);
  }
}

/** The invoice item says something the ledger does not (credited without its record). */
export class InvoiceStateError extends Error {
  constructor(invoiceId: string, status: unknown) {
    super(`Invoice ${invoiceId}: unexpected status ${String(status)}`);
    this.name = 'InvoiceStateError';
  }
}
