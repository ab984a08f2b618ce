import {
  type GatewayResponseType,
  gatewayResponses,
  headersTooLargeResponse,
  REQUEST_HEADER_LIMIT_BYTES,
} from '#infra/gateway-responses';
import type { Caller, RouteDefinition } from '#infra/routes';
import type { ApiOperation } from '#shared/api/operations';
import { STATUS_BY_CODE } from '#shared/http/errors';

type JsonObject = Record<string, unknown>;

/** Headers any answer may carry, from a handler (shared/http/responses.ts) or the gateway. */
export const sharedHeaders: Record<string, JsonObject> = {
  'Cache-Control': {
    description: 'Every answer of a function is `no-store`.',
    schema: { type: 'string' },
  },
  'X-Content-Type-Options': { schema: { type: 'string', enum: ['nosniff'] } },
  'Access-Control-Allow-Origin': {
    description: "Deployed: the web page's origin, on the functions' and the gateway's answers.",
    schema: { type: 'string' },
  },
  Vary: { schema: { type: 'string' } },
};

/**
 * Which callers' routes the gateway may answer with each of its responses, before or instead of
 * the function. A route without an authorizer (public, Stripe) never gets 401/403 from it; every
 * guarded caller's authorizer may deny (the user authorizer denies a service's token: authentic,
 * but not for a user route).
 */
const GATEWAY_ANSWERS: Record<GatewayResponseType, (caller: Caller) => boolean> = {
  UNAUTHORIZED: (caller) => caller !== 'public' && caller !== 'stripe',
  ACCESS_DENIED: (caller) => caller !== 'public' && caller !== 'stripe',
  // Only for paths and methods that are not in this document (see info.description).
  MISSING_AUTHENTICATION_TOKEN: () => false,
  THROTTLED: () => true,
  REQUEST_TOO_LARGE: () => true,
  DEFAULT_5XX: () => true,
};

interface ErrorOutcome {
  readonly status: number;
  readonly code: string;
  readonly by: 'the function' | 'the gateway';
}

const gatewayOutcome = (response: { statusCode: number; code: string }): ErrorOutcome => ({
  status: response.statusCode,
  code: response.code,
  by: 'the gateway',
});

function outcomes(route: RouteDefinition, op: ApiOperation): ErrorOutcome[] {
  const handlerCodes = new Set([
    ...op.errors,
    ...(op.body ? ['VALIDATION_ERROR', 'UNSUPPORTED_MEDIA_TYPE'] : []),
    // Query and path parameters are parsed by the handler: a bad one is its 400.
    ...(op.query || op.params || route.path.includes('{') ? ['VALIDATION_ERROR'] : []),
  ]);
  const handler = [...handlerCodes].map((code): ErrorOutcome => {
    const status = STATUS_BY_CODE[code];
    if (status === undefined) throw new Error(`${route.handler}: ${code} has no HTTP status`);
    return { status, code, by: 'the function' };
  });
  const gateway = (Object.keys(gatewayResponses) as GatewayResponseType[])
    .filter((type) => GATEWAY_ANSWERS[type](route.caller))
    .map((type): ErrorOutcome => gatewayOutcome(gatewayResponses[type]));
  return [
    ...handler,
    { status: 500, code: 'INTERNAL', by: 'the function' },
    ...gateway,
    gatewayOutcome(headersTooLargeResponse),
  ];
}

/** One response per status; the body is the Error shape, its code one of those listed. */
export function errorResponses(route: RouteDefinition, op: ApiOperation): JsonObject {
  const byStatus = new Map<number, ErrorOutcome[]>();
  for (const outcome of outcomes(route, op)) {
    byStatus.set(outcome.status, [...(byStatus.get(outcome.status) ?? []), outcome]);
  }
  const headers = Object.fromEntries(
    Object.keys(sharedHeaders).map((name) => [name, { $ref: `#/components/headers/${name}` }]),
  );
  const responses: JsonObject = {};
  for (const [status, list] of [...byStatus].sort(([a], [b]) => a - b)) {
    const codes = [...new Set(list.map((outcome) => outcome.code))];
    responses[status] = {
      description: list.map((outcome) => `${outcome.code} (from ${outcome.by})`).join(', '),
      headers,
      content: {
        'application/json': {
          schema: {
            allOf: [
              { $ref: '#/components/schemas/Error' },
              {
                type: 'object',
                properties: { error: { type: 'object', properties: { code: { enum: codes } } } },
              },
            ],
          },
        },
      },
    };
  }
  return responses;
}

export function openApiInfo(): JsonObject {
  const gateway = Object.values(gatewayResponses)
    .map((response) => `${response.statusCode} ${response.code}`)
    .join(', ');
  return {
    title: 'DasWos Coins API',
    version: '1.0.0',
    contact: { name: 'DasWos Coins maintainers' },
    description: [
      'A fixed supply of 1,000,000,000 coins. Amounts are integers; text lengths count Unicode ' +
        'code points.',
      'Requests with a body send JSON (`Content-Type: application/json`; anything else is ' +
        '415 UNSUPPORTED_MEDIA_TYPE), each key once (a repeated key is 400).',
      'Every error, from a function or from the gateway, is `{ "error": { "code", "message" } }` ' +
        `(and a \`requestId\` on 500). The gateway's own answers: ${gateway}. 404 NOT_FOUND ` +
        'answers any path or method not described here, except the CORS preflights (OPTIONS) ' +
        "the deployed gateway answers itself for the web page's origin.",
      "The gateway's 5xx answers are all 502 BAD_GATEWAY (its DEFAULT_5XX response sets that " +
        'status for every 5xx type, so an integration timeout or a throttled function is not ' +
        '503/504 here); the functions answer 500 INTERNAL.',
      `API Gateway caps the request line and headers at ${REQUEST_HEADER_LIMIT_BYTES} bytes ` +
        'together and refuses a larger request itself; no customisable Gateway Response covers ' +
        `that case, so its answer may not be in this format. The local gateway answers it ` +
        `${headersTooLargeResponse.statusCode} ${headersTooLargeResponse.code} in this format.`,
    ].join('\n\n'),
  };
}
