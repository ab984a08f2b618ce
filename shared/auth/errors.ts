import { DasWosCoinsError } from '#shared/errors';

export class UnauthorizedError extends DasWosCoinsError {
  readonly code = 'UNAUTHORIZED';

  constructor(message = 'Sign in to use this endpoint') {
    super(message);
  }
}

export class ForbiddenError extends DasWosCoinsError {
  readonly code = 'FORBIDDEN';

  constructor(message = 'You are not allowed to use this endpoint') {
    super(message);
  }
}

/** An admin token that did not come from a sign-in with a second factor (see verifiers.ts). */
export class MfaRequiredError extends DasWosCoinsError {
  readonly code = 'MFA_REQUIRED';

  constructor() {
    super('Admin endpoints need a sign-in with multi-factor authentication');
  }
}
