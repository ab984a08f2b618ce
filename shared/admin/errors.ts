import { DasWosCoinsError, ValidationError } from '#shared/errors';

/** Outcomes of the operators' tools: grants awaiting a second admin, and giveaway caps. */

export class GrantNotFoundError extends DasWosCoinsError {
  readonly code = 'GRANT_NOT_FOUND';

  constructor(grantId: string) {
    super(`There is no grant ${grantId}`);
  }
}

/** Approved, rejected or expired grants cannot be decided again (an approval replays instead). */
export class GrantNotPendingError extends DasWosCoinsError {
  readonly code = 'GRANT_NOT_PENDING';

  constructor(status: string) {
    super(`The grant is ${status.replaceAll('_', ' ')}, not pending approval`);
  }
}

export class GrantExpiredError extends DasWosCoinsError {
  readonly code = 'GRANT_EXPIRED';

  constructor() {
    super('The grant expired before a second admin approved it; request it again');
  }
}

/** Four eyes: the admin who asked for a grant cannot be the one who approves it. */
export class SelfApprovalForbiddenError extends DasWosCoinsError {
  readonly code = 'SELF_APPROVAL_FORBIDDEN';

  constructor() {
    super('Another admin must approve a grant you requested');
  }
}

export class GiveLimitReachedError extends DasWosCoinsError {
  readonly code = 'GIVE_LIMIT_REACHED';

  constructor(limit: number) {
    super(`This would take the admin past ${limit} coins given today (UTC)`);
  }
}

/** A batch names each recipient once: two grants to one user are almost always a mistake. */
export class DuplicateRecipientError extends ValidationError {
  constructor(userId: string) {
    super(`grants: ${userId} appears more than once; give each user one grant per batch`);
  }
}
