import { toJSONSchema } from 'zod/mini';
import { gatewayResponses } from '#infra/gateway-responses';
import { API_BASE_PATH, type RouteDefinition, routes } from '#infra/routes';
import { apiOperations, type Schema } from '#shared/api/operations';
import { errorResponseSchema } from '#shared/api/schemas';
import { STATUS_BY_CODE } from '#shared/http/errors';
import { SERVICE_SCOPES } from '#shared/services/scopes';

type JsonObject = Record<string, unknown>;

const json = (schema: Schema, io: 'input' | 'output'): JsonObject =>
  toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonObject;

function security(route: RouteDefinition): JsonObject[] {
  if (route.caller === 'service') return [{ service: route.scope ? [route.scope] : [] }];
  return route.caller === 'user' || route.caller === 'admin' ? [{ cognito: [] }] : [];
}

function operation(route: RouteDefinition): JsonObject {
  const op = apiOperations[route.handler as keyof typeof apiOperations];
  const parameters: JsonObject[] = [];
  for (const [, name] of route.path.matchAll(/\{([A-Za-z0-9_]+)\}/g)) {
    parameters.push({ name, in: 'path', required: true, schema: { type: 'string', minLength: 1 } });
  }
  if (op.query) {
    const properties = (json(op.query, 'input').properties ?? {}) as Record<string, JsonObject>;
    for (const [name, schema] of Object.entries(properties)) {
      parameters.push({ name, in: 'query', required: false, schema });
    }
  }
  if (op.idempotencyKey) {
    parameters.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: op.idempotencyKey === 'required',
      description: 'Replays the original answer for the same key and body; 409 for another body.',
      schema: { type: 'string', minLength: 1, maxLength: 255 },
    });
  }
  if (route.caller === 'stripe') {
    parameters.push({
      name: 'Stripe-Signature',
      in: 'header',
      required: true,
      schema: { type: 'string' },
    });
  }
  const responses: JsonObject = {
    [op.success.status]: {
      description: 'Success',
      content: { 'application/json': { schema: json(op.success.schema, 'output') } },
    },
  };
  const errorCodes = [...op.errors, 'INTERNAL'];
  const byStatus = new Map<number, string[]>();
  for (const code of errorCodes) {
    const status = code === 'INTERNAL' ? 500 : (STATUS_BY_CODE[code] ?? 500);
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  for (const [status, codes] of byStatus) {
    responses[status] = {
      description: codes.join(', '),
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    };
  }
  return {
    operationId: route.handler,
    summary: op.summary,
    security: security(route),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(op.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: json(op.body, 'input') } },
          },
        }
      : {}),
    responses,
  };
}

/** The API description, generated from the route table and the handlers' own zod schemas. */
export function openApiDocument(): JsonObject {
  const paths: Record<string, JsonObject> = {};
  for (const route of routes) {
    const path = `${API_BASE_PATH}${route.path}`;
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operation(route) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'DasWos Coins API',
      version: '1.0.0',
      description:
        'A fixed supply of 1,000,000,000 coins. Amounts are integers. Errors: ' +
        `{ "error": { "code", "message" } }; the gateway itself may answer ${Object.values(
          gatewayResponses,
        )
          .map((response) => `${response.statusCode} ${response.code}`)
          .join(', ')}.`,
    },
    components: {
      securitySchemes: {
        cognito: { type: 'http', scheme: 'bearer', bearerFormat: 'Cognito access or ID token' },
        service: {
          type: 'oauth2',
          description:
            'A DasWos service: a Cognito client-credentials access token with the route scope.',
          flows: {
            clientCredentials: {
              tokenUrl: 'https://<pool domain>/oauth2/token',
              scopes: Object.fromEntries(
                SERVICE_SCOPES.map((scope) => [scope, `The ${scope.split('/')[1]} routes`]),
              ),
            },
          },
        },
      },
      schemas: { Error: json(errorResponseSchema, 'output') },
    },
    paths,
  };
}
