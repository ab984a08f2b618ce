import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { routes } from '#infra/routes';
import { openApiDocument } from '#shared/api/openapi';

describe('API description (docs/openapi.json)', () => {
  const document = openApiDocument() as {
    paths: Record<string, Record<string, { operationId: string }>>;
  };

  it('is up to date with the route table and the schemas (run npm run openapi)', () => {
    const committed = JSON.parse(
      readFileSync(resolve(__dirname, '../../docs/openapi.json'), 'utf8'),
    );

    expect(committed).toEqual(JSON.parse(JSON.stringify(document)));
  });

  it('describes every route of the route table, and nothing else', () => {
    const described = Object.values(document.paths).flatMap((methods) =>
      Object.values(methods).map((operation) => operation.operationId),
    );

    expect(described.sort()).toEqual(routes.map((route) => route.handler).sort());
  });
});
