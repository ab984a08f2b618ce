import { DasWosCoinsError } from '#shared/errors';

/** No purchase with this session id belongs to the caller (unknown, or someone else's). */
export class PurchaseNotFoundError extends DasWosCoinsError {
  readonly code = 'NOT_FOUND';

  constructor() {
    super('No purchase of yours has this session id');
  }
}

/**
 * The session was refunded because it could not be credited: it must never be credited after.
 * Only the webhook sees it (as the credit's failed condition); it is not an HTTP answer.
 */
export class PurchaseRefundedError extends DasWosCoinsError {
  readonly code = 'PURCHASE_REFUNDED';

  constructor(readonly sessionId: string) {
    super(`Checkout session ${sessionId} was refunded and cannot be credited`);
  }
}

/** The purchase item says something the ledger does not (credited without its record). */
export class PurchaseStateError extends Error {
  constructor(sessionId: string, status: unknown) {
    super(`Checkout session ${sessionId}: unexpected purchase status ${String(status)}`);
    this.name = 'PurchaseStateError';
  }
}
