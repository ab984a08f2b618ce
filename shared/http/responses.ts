import type { APIGatewayProxyResult } from 'aws-lambda';

const SECURITY_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

export function json(
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): APIGatewayProxyResult {
  return { statusCode, headers: { ...SECURITY_HEADERS, ...headers }, body: JSON.stringify(body) };
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
