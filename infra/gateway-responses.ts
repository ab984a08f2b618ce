/**
 * Answers API Gateway gives on its own, before any handler runs. The CDK stack installs them as
 * Gateway Responses and the local gateway answers with the same bodies, so a client sees one
 * error format, `{ "error": { "code", "message" } }`, wherever the answer comes from.
 */
export const gatewayResponses = {
  UNAUTHORIZED: {
    statusCode: 401,
    code: 'UNAUTHORIZED',
    message: 'A valid bearer token is required',
  },
  ACCESS_DENIED: {
    statusCode: 403,
    code: 'FORBIDDEN',
    message: 'You are not allowed to use this endpoint',
  },
  MISSING_AUTHENTICATION_TOKEN: { statusCode: 404, code: 'NOT_FOUND', message: 'No such endpoint' },
  THROTTLED: {
    statusCode: 429,
    code: 'THROTTLED',
    message: 'Too many requests; retry with backoff',
  },
  REQUEST_TOO_LARGE: {
    statusCode: 413,
    code: 'PAYLOAD_TOO_LARGE',
    message: 'The request body is too large',
  },
  DEFAULT_5XX: { statusCode: 502, code: 'BAD_GATEWAY', message: 'The service could not answer' },
} as const;

export type GatewayResponseType = keyof typeof gatewayResponses;

/**
 * Request line and headers together are capped at 10,240 bytes (API Gateway's REST API quota).
 * API Gateway refuses a larger request itself, and no customisable Gateway Response type is
 * documented for that case: its answer there may not be in the API's format. The local gateway
 * applies the same cap and answers this, in the API's format, where Node alone would send a
 * bare 431 with no body.
 */
export const REQUEST_HEADER_LIMIT_BYTES = 10_240;
export const headersTooLargeResponse = {
  statusCode: 431,
  code: 'REQUEST_HEADERS_TOO_LARGE',
  message: `The request line and headers exceed ${REQUEST_HEADER_LIMIT_BYTES} bytes`,
} as const;

export function gatewayResponseBody(type: GatewayResponseType): string {
  const { code, message } = gatewayResponses[type];
  return JSON.stringify({ error: { code, message } });
}

/**
 * How long API Gateway keeps an authorizer's decision for a token. The decision's policy covers
 * the whole stage, so one cached Allow serves every route behind the same authorizer.
 */
export const AUTHORIZER_CACHE_SECONDS = 300;

/**
 * ACCESS_DENIED comes from an authorizer's Deny, whose context names the reason (FORBIDDEN, or
 * MFA_REQUIRED for an admin token signed in without MFA; shared/auth/authorize.ts). API Gateway
 * fills `$context.authorizer.*` in gateway response templates from that context; the local
 * gateway does the same with `accessDeniedBody`.
 */
export const ACCESS_DENIED_TEMPLATE =
  '{"error":{"code":"$context.authorizer.errorCode","message":"$context.authorizer.errorMessage"}}';

export function accessDeniedBody(context: Record<string, string> | undefined): string {
  const { code, message } = gatewayResponses.ACCESS_DENIED;
  return JSON.stringify({
    error: { code: context?.errorCode ?? code, message: context?.errorMessage ?? message },
  });
}
