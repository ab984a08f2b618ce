import type { APIGatewayProxyEvent } from 'aws-lambda';
import { safeParse } from 'zod/mini';
import type { $ZodError, $ZodIssue, $ZodType } from 'zod/v4/core';
import { ValidationError } from '#shared/errors';
import { findDuplicateKey } from '#shared/http/duplicate-keys';
import { UnsupportedMediaTypeError } from '#shared/http/request-errors';

/** Where a value came from: an error names the field, parameter or header the caller sent. */
export type RequestPart = 'body' | 'query' | 'path' | 'headers';

const UNKNOWN_NAME: Record<RequestPart, string> = {
  body: 'is not a field of this body',
  query: 'is not a query parameter of this endpoint',
  path: 'is not a path parameter of this endpoint',
  headers: 'is not a header this endpoint reads',
};

function describeIssue(issue: $ZodIssue, part: RequestPart): string[] {
  const at = issue.path.length > 0 ? issue.path.join('.') : part;
  if (issue.code === 'unrecognized_keys') {
    const prefix = issue.path.length > 0 ? `${at}.` : '';
    return issue.keys.map((key) => `${prefix}${key}: ${UNKNOWN_NAME[part]}`);
  }
  return [`${at}: ${issue.message}`];
}

function describeIssues(error: $ZodError, part: RequestPart): string {
  return error.issues
    .flatMap((issue) => describeIssue(issue, part))
    .slice(0, 5)
    .join('; ');
}

/** Any zod schema: the API's are zod/mini, the Stripe code's classic zod; both share zod's core. */
export function parseWith<T>(schema: $ZodType<T>, value: unknown, part: RequestPart = 'body'): T {
  const result = safeParse(schema, value);
  if (!result.success) throw new ValidationError(describeIssues(result.error, part));
  return result.data;
}

/** The raw body exactly as sent: API Gateway base64-encodes bodies it considers binary. */
export function rawBody(event: APIGatewayProxyEvent): string {
  if (event.body == null) return '';
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}

/** `application/json`, with or without parameters (`; charset=utf-8`), in any letter case. */
function isJsonMediaType(contentType: string | undefined): boolean {
  return contentType?.split(';')[0]?.trim().toLowerCase() === 'application/json';
}

/**
 * A JSON body, strictly: sent as application/json (415 otherwise, before a byte is read), valid
 * JSON, no key twice (JSON.parse would silently keep the last one), then the schema.
 */
export function parseJsonBody<T>(event: APIGatewayProxyEvent, schema: $ZodType<T>): T {
  const text = rawBody(event);
  const contentType = event.headers?.['content-type'];
  if (text !== '' && !isJsonMediaType(contentType)) {
    throw new UnsupportedMediaTypeError(contentType);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ValidationError('The body must be valid JSON');
  }
  const duplicate = findDuplicateKey(text);
  if (duplicate !== undefined) {
    throw new ValidationError(`${duplicate}: appears more than once in the body`);
  }
  return parseWith(schema, value, 'body');
}

/** A body that may be left out entirely (an empty body is `{}`), validated like any other. */
export function parseOptionalJsonBody<T>(event: APIGatewayProxyEvent, schema: $ZodType<T>): T {
  if (rawBody(event).trim() === '') return parseWith(schema, {});
  return parseJsonBody(event, schema);
}

export function parseQuery<T>(event: APIGatewayProxyEvent, schema: $ZodType<T>): T {
  return parseWith(schema, event.queryStringParameters ?? {}, 'query');
}

/** Path parameters (`{name}` segments of the route), already URL-decoded by the gateway. */
export function parsePathParameters<T>(event: APIGatewayProxyEvent, schema: $ZodType<T>): T {
  return parseWith(schema, event.pathParameters ?? {}, 'path');
}

/** Headers are lower-cased by the header normalizer before handlers see them. */
export function parseHeaders<T>(event: APIGatewayProxyEvent, schema: $ZodType<T>): T {
  return parseWith(schema, event.headers ?? {}, 'headers');
}
