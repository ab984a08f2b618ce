import { DasWosCoinsError, ValidationError } from '#shared/errors';

/** No such hold for this service (another service's hold is not found either). */
export class HoldNotFoundError extends DasWosCoinsError {
  readonly code = 'HOLD_NOT_FOUND';

  constructor(holdId: string) {
    super(`Hold ${holdId} was not found`);
  }
}

/** The hold was already settled the other way: capture after void, void after capture. */
export class HoldNotActiveError extends DasWosCoinsError {
  readonly code = 'HOLD_NOT_ACTIVE';

  constructor(status: string) {
    super(`The hold is ${status}: it can no longer be captured or voided`);
  }
}

/** The hold passed its expiry: its coins went (or are going) back to the user. */
export class HoldExpiredError extends DasWosCoinsError {
  readonly code = 'HOLD_EXPIRED';

  constructor() {
    super('The hold expired: its coins went back to the user');
  }
}

export class CaptureExceedsHoldError extends ValidationError {
  constructor(held: number) {
    super(`The capture amount must be from 1 to the held amount, ${held}`);
  }
}
