import type { APIGatewayProxyEvent } from 'aws-lambda';
import { safeParse } from 'zod/mini';
import type { $ZodError, $ZodType } from 'zod/v4/core';
import { ValidationError } from '#shared/errors';

function describeIssues(error: $ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'body'}: ${issue.message}`)
    .join('; ');
}

/** Any zod schema: the API's are zod/mini, the Stripe code's classic zod; both share zod's core. */
export function parseWith<T>(schema: $ZodType<T>, value: unknown): T {
  const result = safeParse(schema, value);
  if (!result.success) throw new ValidationError(describeIssues(result.error));
  return result.data;
}

/** The raw body exactly as sent: API Gateway base64-encodes bodies it considers binary. */
export function rawBody(event: APIGatewayProxyEvent): string {
  if (event.body == null) return '';
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}

export function parseJsonBody<T>(event: APIGatewayProxyEvent, schema: $ZodType<T>): T {
  let value: unknown;
  try {
    value = JSON.parse(rawBody(event));
  } catch {
    throw new ValidationError('The body must be valid JSON');
  }
  return parseWith(schema, value);
}

/** A body that may be left out entirely (an empty body is `{}`), validated like any other. */
export function parseOptionalJsonBody<T>(event: APIGatewayProxyEvent, schema: $ZodType<T>): T {
  if (rawBody(event).trim() === '') return parseWith(schema, {});
  return parseJsonBody(event, schema);
}

export function parseQuery<T>(event: APIGatewayProxyEvent, schema: $ZodType<T>): T {
  return parseWith(schema, event.queryStringParameters ?? {});
}

/** Path parameters (`{name}` segments of the route), already URL-decoded by the gateway. */
export function parsePathParameters<T>(event: APIGatewayProxyEvent, schema: $ZodType<T>): T {
  return parseWith(schema, event.pathParameters ?? {});
}

/** Headers are lower-cased by the header normalizer before handlers see them. */
export function parseHeaders<T>(event: APIGatewayProxyEvent, schema: $ZodType<T>): T {
  return parseWith(schema, event.headers ?? {});
}
