import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Document, Spectral } from '@stoplight/spectral-core';
import { Json } from '@stoplight/spectral-parsers';
import { oas } from '@stoplight/spectral-rulesets';
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

  /**
   * Spectral's `spectral:oas` ruleset, as `spectral lint` applies it (its recommended rules), run
   * in process through the libraries the CLI is built on: the same rules and results without a
   * CLI install and a child process per run. Every severity counts: errors, warnings, hints.
   */
  it("passes Spectral's spectral:oas ruleset with no errors and no warnings", async () => {
    const committed = readFileSync(resolve(__dirname, '../../docs/openapi.json'), 'utf8');
    const spectral = new Spectral();
    spectral.setRuleset({ extends: [[oas as never, 'recommended']] });

    const results = await spectral.run(new Document(committed, Json, 'docs/openapi.json'));

    expect(
      results.map((result) => `${result.code} at ${result.path.join('.')}: ${result.message}`),
    ).toEqual([]);
  });

  it('gives every operation a description and a tag, declared among the document tags', () => {
    const declared = new Set(
      ((document as { tags?: { name: string }[] }).tags ?? []).map((tag) => tag.name),
    );
    const operations = Object.values(document.paths).flatMap((methods) => Object.values(methods));

    for (const operation of operations as { description?: string; tags?: string[] }[]) {
      expect(operation.description?.length).toBeGreaterThan(0);
      expect(operation.tags?.length).toBeGreaterThan(0);
      for (const tag of operation.tags ?? []) expect(declared).toContain(tag);
    }
  });
});
