import type { APIGatewayProxyResult } from 'aws-lambda';

const SECURITY_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

/**
 * Deployed, the page (CloudFront) calls the API on another origin: browsers hand it an answer
 * only with this header. The stack sets WEB_ORIGIN; locally it is unset (same origin), and so
 * is the header.
 */
function corsHeaders(): Record<string, string> {
  const origin = process.env.WEB_ORIGIN;
  return origin ? { 'access-control-allow-origin': origin, vary: 'origin' } : {};
}

export function json(
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): APIGatewayProxyResult {
  return {
    statusCode,
    headers: { ...SECURITY_HEADERS, ...corsHeaders(), ...headers },
    body: JSON.stringify(body),
  };
}

export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly requestId?: string };
}

export function errorResponse(
  statusCode: number,
  code: string,
  message: string,
  requestId?: string,
): APIGatewayProxyResult {
  const body: ErrorBody = { error: { code, message, ...(requestId ? { requestId } : {}) } };
  return json(statusCode, body);
}
