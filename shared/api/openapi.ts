import { toJSONSchema } from 'zod/mini';
import { API_BASE_PATH, type RouteDefinition, routes } from '#infra/routes';
import { errorResponses, openApiInfo, sharedHeaders } from '#shared/api/openapi-responses';
import {
  API_TAGS,
  type ApiOperation,
  apiOperations,
  type ResponseHeaderName,
  type Schema,
} from '#shared/api/operations';
import { errorResponseSchema } from '#shared/api/schemas';
import { SERVICE_SCOPES } from '#shared/services/scopes';

type JsonObject = Record<string, unknown>;

/** A zod schema as JSON Schema, without its `$schema`: OpenAPI 3.1 sets the dialect itself. */
const json = (schema: Schema, io: 'input' | 'output'): JsonObject => {
  const { $schema: _dialect, ...rest } = toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
  }) as JsonObject;
  return rest;
};

const DEFAULT_IDEMPOTENCY_KEY =
  'Replays the original answer for the same key and body; 409 IDEMPOTENCY_KEY_REUSED for another body.';

/** Described once under components.headers; an operation lists the ones it sends. */
const RESPONSE_HEADERS: Record<ResponseHeaderName, JsonObject> = {
  'Idempotent-Replayed': {
    description:
      '`true` when this answer replays the first request made with the same Idempotency-Key ' +
      '(nothing happened again); absent on the first.',
    schema: { type: 'string', enum: ['true'] },
  },
};

function security(route: RouteDefinition): JsonObject[] {
  if (route.caller === 'service') return [{ service: route.scope ? [route.scope] : [] }];
  return route.caller === 'user' || route.caller === 'admin' ? [{ cognito: [] }] : [];
}

const headerRef = (name: string) => ({ $ref: `#/components/headers/${name}` });

function parameters(route: RouteDefinition, op: ApiOperation): JsonObject[] {
  const result: JsonObject[] = [];
  const pathProperties = (op.params ? (json(op.params, 'input').properties ?? {}) : {}) as Record<
    string,
    JsonObject
  >;
  for (const [, name] of route.path.matchAll(/\{([^}]+)\}/g)) {
    if (name === undefined) continue;
    const schema = pathProperties[name] ?? { type: 'string', minLength: 1 };
    result.push({ name, in: 'path', required: true, schema });
  }
  if (op.query) {
    const properties = (json(op.query, 'input').properties ?? {}) as Record<string, JsonObject>;
    for (const [name, schema] of Object.entries(properties)) {
      result.push({ name, in: 'query', required: false, schema });
    }
  }
  if (op.idempotencyKey) {
    result.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: op.idempotencyKey === 'required',
      description: op.idempotencyKeyDescription ?? DEFAULT_IDEMPOTENCY_KEY,
      schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7e]+$' },
    });
  }
  if (route.caller === 'stripe') {
    result.push({
      name: 'Stripe-Signature',
      in: 'header',
      required: true,
      description: "Stripe's HMAC over the timestamp and the exact body bytes.",
      schema: { type: 'string' },
    });
  }
  return result;
}

function requestBody(op: ApiOperation): JsonObject | undefined {
  const schema = op.body ?? op.signedBody;
  if (!schema) return undefined;
  return {
    required: true,
    content: { 'application/json': { schema: json(schema, 'input') } },
  };
}

function operation(route: RouteDefinition, op: ApiOperation): JsonObject {
  const params = parameters(route, op);
  const body = requestBody(op);
  const successHeaders = Object.fromEntries([
    ...Object.keys(sharedHeaders).map((name) => [name, headerRef(name)]),
    ...(op.success.headers ?? []).map((name) => [name, headerRef(name)]),
  ]);
  return {
    operationId: route.handler,
    summary: op.summary,
    description: op.description,
    tags: [...op.tags],
    security: security(route),
    ...(params.length > 0 ? { parameters: params } : {}),
    ...(body ? { requestBody: body } : {}),
    responses: {
      [op.success.status]: {
        description: 'Success',
        headers: successHeaders,
        content: { 'application/json': { schema: json(op.success.schema, 'output') } },
      },
      ...errorResponses(route, op),
    },
  };
}

/**
 * The API description, generated from the route table and the handlers' own zod schemas (tests
 * pass other tables to prove the generation, e.g. for path parameters no route has yet).
 */
export function openApiDocument(
  routeTable: readonly RouteDefinition[] = routes,
  operations: Readonly<Record<string, ApiOperation>> = apiOperations,
): JsonObject {
  const paths: Record<string, JsonObject> = {};
  const usedTags = new Set<string>();
  for (const route of routeTable) {
    const path = `${API_BASE_PATH}${route.path}`;
    const op = operations[route.handler];
    if (!op) throw new Error(`${route.handler} has no entry in shared/api/operations.ts`);
    const described = operation(route, op);
    for (const tag of described.tags as string[]) usedTags.add(tag);
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: described };
  }
  return {
    openapi: '3.1.0',
    info: openApiInfo(),
    servers: [
      { url: 'http://localhost:5000', description: 'npm start (the port follows PORT)' },
      {
        url: 'https://{restApiId}.execute-api.{region}.amazonaws.com/{stage}',
        description: 'A deployed stage (npm run deploy prints its URL)',
        variables: {
          restApiId: { default: 'abcdef1234', description: 'The REST API id' },
          region: { default: 'us-east-1' },
          stage: { default: 'dev', description: 'The stage name of the deployment' },
        },
      },
    ],
    tags: Object.entries(API_TAGS)
      .filter(([name]) => usedTags.has(name))
      .map(([name, description]) => ({ name, description })),
    components: {
      securitySchemes: {
        cognito: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'Cognito access or ID token',
          description: 'The scheme name is accepted in any letter case (`bearer`, `Bearer`).',
        },
        service: {
          type: 'oauth2',
          description:
            "A DasWos service: a Cognito client-credentials access token with the route scope, from the stage's hosted-UI domain.",
          flows: {
            clientCredentials: {
              tokenUrl: 'https://daswos-coins-stage.auth.region.amazoncognito.com/oauth2/token',
              scopes: Object.fromEntries(
                SERVICE_SCOPES.map((scope) => [scope, `The ${scope.split('/')[1]} routes`]),
              ),
            },
          },
        },
      },
      headers: { ...sharedHeaders, ...RESPONSE_HEADERS },
      schemas: { Error: json(errorResponseSchema, 'output') },
    },
    paths,
  };
}
