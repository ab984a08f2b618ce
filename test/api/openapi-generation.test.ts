import * as z from 'zod/mini';
import { API_BASE_PATH, type RouteDefinition } from '#infra/routes';
import { openApiDocument } from '#shared/api/openapi';
import type { ApiOperation } from '#shared/api/operations';
import { apiContract } from '#test/support/api-contract';

/**
 * The description follows the route table and the operations' fields alone: a route added with a
 * `{name}` segment, a new caller kind or a new error code is described without touching the
 * generator.
 */
describe('API description generation', () => {
  const route: RouteDefinition = {
    method: 'GET',
    path: '/purchases/{sessionId}',
    handler: 'get-purchase',
    caller: 'user',
    tables: {},
  };
  const op: ApiOperation = {
    summary: 'One purchase',
    description: 'A purchase of the caller, by its Checkout Session id.',
    tags: ['Shop'],
    success: { status: 200, schema: z.object({ sessionId: z.string() }) },
    errors: ['UNAUTHORIZED'],
  };
  type Described = {
    paths: Record<string, { get: { parameters: unknown[]; responses: Record<string, unknown> } }>;
  };
  const generate = (r: RouteDefinition, o: ApiOperation) =>
    openApiDocument([r], { [r.handler]: o }) as unknown as Described;

  it('declares each {name} segment as a required string path parameter', () => {
    const document = generate(route, op);

    expect(document.paths[`${API_BASE_PATH}/purchases/{sessionId}`]?.get.parameters).toEqual([
      { name: 'sessionId', in: 'path', required: true, schema: { type: 'string', minLength: 1 } },
    ]);
  });

  it("derives the gateway's statuses from the caller kind", () => {
    const statuses = (caller: RouteDefinition['caller']) =>
      Object.keys(
        generate({ ...route, caller }, { ...op, errors: [] }).paths[
          `${API_BASE_PATH}/purchases/{sessionId}`
        ]?.get.responses ?? {},
      );

    // 400: the handler parses the path parameter.
    expect(statuses('public')).toEqual(['200', '400', '413', '429', '431', '500', '502']);
    expect(statuses('stripe')).toEqual(['200', '400', '413', '429', '431', '500', '502']);
    expect(statuses('user')).toEqual([
      '200',
      '400',
      '401',
      '403',
      '413',
      '429',
      '431',
      '500',
      '502',
    ]);
    expect(statuses('admin')).toEqual([
      '200',
      '400',
      '401',
      '403',
      '413',
      '429',
      '431',
      '500',
      '502',
    ]);
  });

  it('refuses an error code with no HTTP status (STATUS_BY_CODE)', () => {
    expect(() => generate(route, { ...op, errors: ['NO_SUCH_CODE'] })).toThrow(/NO_SUCH_CODE/);
  });

  it('lets the contract checker match a concrete path to its template', () => {
    const contract = apiContract(generate(route, op) as never);
    const answer = {
      method: 'GET',
      path: `${API_BASE_PATH}/purchases/cs_test_123?x=1`,
      headers: new Headers({ 'content-type': 'application/json' }),
    };

    expect(
      contract.violations({ ...answer, status: 200, text: '{"sessionId":"cs_test_123"}' }),
    ).toEqual([]);
    expect(contract.violations({ ...answer, status: 409, text: '{}' })).toEqual([
      expect.stringContaining('status 409 is not declared'),
    ]);
  });
});
