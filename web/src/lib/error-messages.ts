import { ApiError } from '../api/api-client';

/**
 * Words for the errors a person can do something about; the server's own message is kept for
 * the rest (it never carries internals), with the request id for support.
 */
export function describeError(error: unknown, context: { recipient?: string } = {}): string {
  if (!(error instanceof ApiError)) return 'Something went wrong. Please try again.';
  switch (error.code) {
    case 'INSUFFICIENT_FUNDS':
      return 'You do not have enough DasWos coins for this. Lower the amount or buy a bundle first.';
    case 'USER_NOT_FOUND':
      return context.recipient
        ? `There is no DasWos user "${context.recipient}". Check the recipient's user id.`
        : 'There is no DasWos user with that id.';
    case 'UNAUTHORIZED':
      return 'Your session has ended. Please sign in again.';
    case 'FORBIDDEN':
      return 'Only admins can do this.';
    case 'SUPPLY_EXHAUSTED':
      return 'There are not enough DasWos coins left in the supply for this.';
    case 'WALLET_FROZEN':
      return 'This wallet is frozen: it can receive DasWos coins but not send them. Contact support.';
    case 'RATE_LIMITED':
      return 'You have reached your transfer limit for now. Please try again later.';
    case 'MFA_REQUIRED':
      return 'Admin actions need a sign-in with multi-factor authentication.';
    case 'GIVE_LIMIT_REACHED':
      return 'This would pass your daily giveaway limit.';
    case 'IDEMPOTENCY_KEY_REUSED':
      return 'This request was already sent with different details. Please submit it again.';
    case 'REFERRAL_CODE_NOT_FOUND':
      return 'Nobody has this referral code. Check it with the friend who shared it.';
    case 'REFERRAL_ALREADY_CLAIMED':
      return 'You have already used a referral code.';
    case 'REFERRAL_NOT_ELIGIBLE':
      return 'A referral code can only be used before your first purchase.';
    case 'SELF_APPROVAL_FORBIDDEN':
      return 'A grant you requested needs another admin to approve it.';
    case 'GRANT_NOT_PENDING':
      return 'This grant was already decided.';
    case 'GRANT_EXPIRED':
      return 'This grant expired before it was approved.';
    case 'ALREADY_SUBSCRIBED':
      return 'You already have a subscription: change or cancel it with Manage.';
    case 'NETWORK_ERROR':
      return error.message;
    case 'INTERNAL':
      return `Something went wrong on our side${error.requestId ? ` (request ${error.requestId})` : ''}. Please try again.`;
    default:
      return error.message;
  }
}
