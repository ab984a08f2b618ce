/**
 * Domain errors. Every outcome a caller may act on has its own leaf class, named after the
 * outcome; the `code` is stable and is what the HTTP layer maps to a status. Domain code never
 * knows about HTTP: the mapping lives in `shared/http/errors.ts`.
 */
export abstract class DasWosCoinsError extends Error {
  abstract readonly code: string;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The request itself is wrong (a bad amount, a self-transfer, text too long, a bad cursor). */
export class ValidationError extends DasWosCoinsError {
  readonly code: string = 'VALIDATION_ERROR';
}

export class InvalidAmountError extends ValidationError {}

export class SelfTransferError extends ValidationError {
  constructor() {
    super('You cannot transfer coins to yourself');
  }
}

export class SystemWalletError extends ValidationError {
  constructor() {
    super('The DASWOS AI wallet cannot take part in this operation');
  }
}

export class InvalidCursorError extends ValidationError {
  constructor() {
    super('The cursor is not valid for this history');
  }
}

export class UserNotFoundError extends DasWosCoinsError {
  readonly code = 'USER_NOT_FOUND';

  constructor(readonly userId: string) {
    super(`User ${userId} has no wallet`);
  }
}

export class InsufficientFundsError extends DasWosCoinsError {
  readonly code = 'INSUFFICIENT_FUNDS';

  constructor() {
    super('The balance does not cover the amount');
  }
}

/** An admin froze the wallet: it may receive coins but not send or spend them. */
export class WalletFrozenError extends DasWosCoinsError {
  readonly code = 'WALLET_FROZEN';

  constructor() {
    super('This wallet is frozen: it can receive coins but not send or spend them');
  }
}

export class SupplyExhaustedError extends DasWosCoinsError {
  readonly code = 'SUPPLY_EXHAUSTED';

  constructor() {
    super('The remaining supply does not cover the amount');
  }
}

export class IdempotencyKeyReusedError extends DasWosCoinsError {
  readonly code = 'IDEMPOTENCY_KEY_REUSED';

  constructor() {
    super('This idempotency key was already used for a different request');
  }
}

/** The ledger tables were never seeded: an operator error, not a caller error. */
export class LedgerNotSeededError extends DasWosCoinsError {
  readonly code = 'LEDGER_NOT_SEEDED';

  constructor() {
    super('The coin supply has not been seeded');
  }
}

/** A sender's transfer limits (count per hour, coins per UTC day): retry after the window. */
export class RateLimitedError extends DasWosCoinsError {
  readonly code = 'RATE_LIMITED';

  constructor(
    message: string,
    /** Whole seconds until the window that blocks the request ends. */
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}
