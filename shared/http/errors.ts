import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { DasWosCoinsError } from '#shared/errors';
import { errorResponse } from '#shared/http/responses';
import { logger } from '#shared/logger';

/** The one place where outcomes become HTTP statuses. Codes not listed here are internal. */
export const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  VALIDATION_ERROR: 400,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  USER_NOT_FOUND: 404,
  NOT_FOUND: 404,
  INSUFFICIENT_FUNDS: 409,
  WALLET_FROZEN: 409,
  SUPPLY_EXHAUSTED: 409,
  IDEMPOTENCY_KEY_REUSED: 409,
  MFA_REQUIRED: 403,
  SELF_APPROVAL_FORBIDDEN: 403,
  GRANT_NOT_FOUND: 404,
  GRANT_NOT_PENDING: 409,
  GRANT_EXPIRED: 409,
  GIVE_LIMIT_REACHED: 409,
  RATE_LIMITED: 429,
  HOLD_NOT_FOUND: 404,
  HOLD_NOT_ACTIVE: 409,
  HOLD_EXPIRED: 409,
  ALREADY_SUBSCRIBED: 409,
  REFERRAL_CODE_NOT_FOUND: 404,
  REFERRAL_ALREADY_CLAIMED: 409,
  REFERRAL_NOT_ELIGIBLE: 409,
  REWARD_LIMIT_REACHED: 409,
};

/** Errors that say when to come back (RateLimitedError) carry it as whole seconds. */
function retryAfter(error: DasWosCoinsError): number | undefined {
  const seconds = (error as { retryAfterSeconds?: unknown }).retryAfterSeconds;
  return typeof seconds === 'number' ? seconds : undefined;
}

export function toErrorResponse(error: unknown, requestId: string): APIGatewayProxyResult {
  if (error instanceof DasWosCoinsError) {
    const status = STATUS_BY_CODE[error.code];
    if (status !== undefined) {
      const answer = errorResponse(status, error.code, error.message);
      return retryAfter(error) === undefined
        ? answer
        : { ...answer, headers: { ...answer.headers, 'retry-after': String(retryAfter(error)) } };
    }
  }
  logger.error('request failed', { requestId, error: error as Error });
  return errorResponse(
    500,
    'INTERNAL',
    'Something went wrong on our side; quote the request id if you contact us',
    requestId,
  );
}

/**
 * Like middy's http-error-handler: an exposed (known) error becomes its 4xx JSON answer,
 * everything else is logged with the request id and answered with a generic 500.
 */
export function httpErrorResponses(): MiddlewareObj<
  APIGatewayProxyEvent,
  APIGatewayProxyResult,
  Error,
  Context
> {
  return {
    onError: (request) => {
      request.response = toErrorResponse(request.error, request.context.awsRequestId);
    },
  };
}
