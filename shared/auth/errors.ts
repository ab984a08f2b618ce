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
