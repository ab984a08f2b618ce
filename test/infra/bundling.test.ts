import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { AssetStaging } from 'aws-cdk-lib';
import { type RouteDefinition, routes } from '#infra/routes';
import type { ServiceFunction } from '#infra/stack/service-function';
import { allFunctions } from '#test/infra/support/functions';
import { type Synthesized, synthesize } from '#test/infra/support/synth';

const routeTable: readonly RouteDefinition[] = routes;

// What `npx cdk synth` does: every function bundled by the local esbuild, CDK's CloudFormation
// validation and cdk-nag. The other test files skip bundling to stay fast; this one does not.
let full: Synthesized;
beforeAll(() => {
  full = synthesize({ bundle: true, cfnValidation: true });
}, 120_000);
afterAll(() => full?.cleanUp());

function bundleOf(fn: ServiceFunction): string {
  const staging = fn.function.node.findChild('Code').node.findChild('Stage') as AssetStaging;
  return path.join(staging.absoluteStagedPath, 'index.js');
}

test('a full synthesis leaves nothing in the validation report', () => {
  expect(full.report.pluginReports).toEqual([]);
});

test('every function is bundled: minified, the AWS SDK left to the runtime', () => {
  const functions = allFunctions(full.stack, routeTable);
  // Routes, the three authorizers, the sign-up trigger, the scheduled audit, the hold sweeper,
  // the event publisher.
  expect(functions.size).toBe(routeTable.length + 7);
  const hashes = new Set<string>();
  for (const [name, fn] of functions) {
    const bundle = bundleOf(fn);
    const code = readFileSync(bundle, 'utf8');
    hashes.add(path.basename(path.dirname(bundle)));
    // Minified: long lines (source layout averages well under 100 characters a line).
    expect([name, code.length / code.split('\n').length > 1000]).toEqual([name, true]);
    expect([name, statSync(bundle).size < 1_000_000]).toEqual([name, true]);
  }
  // Each entry is its own bundle.
  expect(hashes.size).toBe(functions.size);
});

test('ledger functions require the runtime SDK; authorizers carry the JWT verifier', () => {
  const code = (fn: ServiceFunction) => readFileSync(bundleOf(fn), 'utf8');
  for (const route of routeTable.filter((r) => Object.keys(r.tables).length > 0)) {
    const text = code(full.stack.routeFunctions.functionFor(route.handler));
    expect([route.handler, text.includes('require("@aws-sdk/lib-dynamodb")')]).toEqual([
      route.handler,
      true,
    ]);
  }
  for (const authorizer of [
    full.stack.auth.userAuthorizer,
    full.stack.auth.adminAuthorizer,
    full.stack.serviceAuth.authorizer,
  ]) {
    expect(code(authorizer)).toContain('cognito-idp');
  }
  expect(code(full.stack.auth.createWallet)).toContain('require("@aws-sdk/lib-dynamodb")');
  expect(code(full.stack.events.fn)).toContain('require("@aws-sdk/client-eventbridge")');
});
