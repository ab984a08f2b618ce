import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { API_BASE_PATH } from '#infra/routes';
import { openApiDocument } from '#shared/api/openapi';

/**
 * Checks an answer of the API against its description (docs/openapi.json, generated from the same
 * sources and kept equal to them by test/api/openapi.test.ts): the status must be declared for
 * the operation, every header must be declared (beyond HTTP's own), and the body must match the
 * declared schema, validated by Ajv (JSON Schema 2020-12, the dialect of OpenAPI 3.1).
 * The shared request helpers run it on every answer, so every API test checks the contract.
 */
type JsonObject = Record<string, unknown>;

interface OpenApi {
  readonly paths: Record<string, Record<string, JsonObject>>;
  readonly components: {
    readonly schemas: Record<string, JsonObject>;
    readonly headers: Record<string, JsonObject>;
  };
}

export interface ObservedAnswer {
  readonly method: string;
  /** The request's path, with or without its query string. */
  readonly path: string;
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

/** Set by HTTP itself or by the transport, not by the API: no description declares them. */
const TRANSPORT_HEADERS = new Set([
  'content-type',
  'content-length',
  'date',
  'connection',
  'keep-alive',
  'transfer-encoding',
]);

const COMPONENTS_ID = 'https://daswos-coins.local/openapi-components';

export interface ApiContract {
  violations(answer: ObservedAnswer): string[];
}

export function apiContract(
  document: OpenApi = openApiDocument() as unknown as OpenApi,
): ApiContract {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv);
  // The schemas refer to components as `#/components/schemas/X`: one schema holds them all.
  ajv.addSchema({ $id: COMPONENTS_ID, $defs: document.components.schemas });
  const validators = new Map<JsonObject, ValidateFunction>();
  const validatorFor = (schema: JsonObject): ValidateFunction => {
    let validate = validators.get(schema);
    if (!validate) {
      const rewritten = JSON.parse(
        JSON.stringify(schema).replaceAll('"#/components/schemas/', `"${COMPONENTS_ID}#/$defs/`),
      ) as JsonObject;
      validate = ajv.compile(rewritten);
      validators.set(schema, validate);
    }
    return validate;
  };
  const templates = Object.keys(document.paths).map((template) => ({
    template,
    pattern: new RegExp(
      `^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`,
    ),
  }));
  const resolveHeader = (header: JsonObject): JsonObject => {
    const ref = header.$ref;
    if (typeof ref !== 'string') return header;
    const name = ref.replace('#/components/headers/', '');
    const resolved = document.components.headers[name];
    if (!resolved) throw new Error(`The description refers to a missing header ${ref}`);
    return resolved;
  };

  function bodyViolations(answer: ObservedAnswer, response: JsonObject, where: string): string[] {
    const content = response.content as Record<string, { schema: JsonObject }> | undefined;
    if (!content) return answer.text === '' ? [] : [`${where}: a body, where none is declared`];
    const mediaType = (answer.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
    const declared = content[mediaType];
    if (!declared) {
      return [
        `${where}: Content-Type ${mediaType || '(none)'} is not one of ${Object.keys(content).join(', ')}`,
      ];
    }
    let body: unknown;
    try {
      body = JSON.parse(answer.text);
    } catch {
      return [`${where}: the body is not JSON: ${answer.text.slice(0, 80)}`];
    }
    const validate = validatorFor(declared.schema);
    if (validate(body)) return [];
    return (validate.errors ?? []).map(
      (error) =>
        `${where}: body${error.instancePath} ${error.message} (${JSON.stringify(body).slice(0, 200)})`,
    );
  }

  function headerViolations(answer: ObservedAnswer, response: JsonObject, where: string): string[] {
    const declared = new Map(
      Object.entries((response.headers ?? {}) as Record<string, JsonObject>).map(
        ([name, header]) => [name.toLowerCase(), resolveHeader(header)],
      ),
    );
    const problems: string[] = [];
    answer.headers.forEach((value, name) => {
      if (TRANSPORT_HEADERS.has(name)) return;
      const header = declared.get(name);
      if (!header) {
        problems.push(`${where}: header ${name} is not declared`);
        return;
      }
      const schema = header.schema as JsonObject | undefined;
      if (schema && !validatorFor(schema)(value)) {
        problems.push(
          `${where}: header ${name}: ${value} does not match ${JSON.stringify(schema)}`,
        );
      }
    });
    for (const [name, header] of declared) {
      if (header.required === true && !answer.headers.has(name)) {
        problems.push(`${where}: required header ${name} is missing`);
      }
    }
    return problems;
  }

  return {
    violations(answer) {
      const path = answer.path.split('?')[0] ?? '';
      if (path !== API_BASE_PATH && !path.startsWith(`${API_BASE_PATH}/`)) return [];
      const method = answer.method.toLowerCase();
      const where = `${answer.method} ${path} -> ${answer.status}`;
      const matched = templates.find(({ pattern }) => pattern.test(path));
      const operation = matched ? document.paths[matched.template]?.[method] : undefined;
      if (!operation) {
        // Not an operation of the API: the gateway's 404 NOT_FOUND is the only answer.
        if (answer.status !== 404) return [`${where}: not an operation, yet not 404`];
        return bodyViolations(
          answer,
          { content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
          where,
        );
      }
      const responses = operation.responses as Record<string, JsonObject>;
      const response =
        responses[String(answer.status)] ?? responses[`${String(answer.status)[0]}XX`];
      if (!response) {
        return [
          `${where}: status ${answer.status} is not declared (${Object.keys(responses).join(', ')})`,
        ];
      }
      return [
        ...headerViolations(answer, response, where),
        ...bodyViolations(answer, response, where),
      ];
    },
  };
}

let shared: ApiContract | undefined;

/** Throws when the answer breaks the API description; the test that received it fails. */
export function expectApiContract(answer: ObservedAnswer): void {
  shared ??= apiContract();
  const problems = shared.violations(answer);
  if (problems.length > 0) {
    throw new Error(`The answer breaks docs/openapi.json:\n  ${problems.join('\n  ')}`);
  }
}
