import { DasWosCoinsError, ValidationError } from '#shared/errors';

/** The caller already joined through a referral code: a user is referred once. */
export class ReferralAlreadyClaimedError extends DasWosCoinsError {
  readonly code = 'REFERRAL_ALREADY_CLAIMED';

  constructor() {
    super('You have already used a referral code');
  }
}

/** Nobody has this referral code (codes are compared without regard to letter case). */
export class ReferralCodeNotFoundError extends DasWosCoinsError {
  readonly code = 'REFERRAL_CODE_NOT_FOUND';

  constructor() {
    super('No user has this referral code');
  }
}

/** A code can only be claimed before the claimer's first credited purchase. */
export class ReferralNotEligibleError extends DasWosCoinsError {
  readonly code = 'REFERRAL_NOT_ELIGIBLE';

  constructor() {
    super('A referral code can only be used before your first purchase');
  }
}

export class OwnReferralCodeError extends ValidationError {
  constructor() {
    super('code: you cannot use your own referral code');
  }
}

/**
 * The referrer has been paid for as many referred users as the programme allows. Only the bonus
 * code sees it (as the counter's failed condition); it is not an HTTP answer.
 */
export class ReferralCapReachedError extends DasWosCoinsError {
  readonly code = 'REFERRAL_CAP_REACHED';

  constructor(readonly referrerId: string) {
    super(`Referrer ${referrerId} has reached the most referred users a referrer is paid for`);
  }
}

/**
 * The referee's profile no longer allows a bonus for this purchase (it was reversed by a full
 * refund, or it is not the first purchase). Only the bonus code sees it.
 */
export class ReferralBonusNotDueError extends DasWosCoinsError {
  readonly code = 'REFERRAL_BONUS_NOT_DUE';

  constructor(readonly refereeId: string) {
    super(`No referral bonus is due for ${refereeId}`);
  }
}
