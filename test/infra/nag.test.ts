import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { ManagedPolicy, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { addDaswosCoins } from '#infra/daswos-coins-app';
import { type Synthesized, synthesize, webDistFixture } from '#test/infra/support/synth';

let dev: Synthesized;
beforeAll(() => {
  dev = synthesize();
});
afterAll(() => dev?.cleanUp());

/** `rule @ construct path` → reason, for every acknowledgement in the stack. */
function acknowledgements(root: IConstruct): Map<string, string> {
  const found = new Map<string, string>();
  for (const construct of root.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
        found.set(`${id.replace(/^annotation::/i, '')} @ ${construct.node.path}`, reason);
      }
    }
  }
  return found;
}

test('cdk-nag AwsSolutions: synthesis passes with nothing unacknowledged, warnings included', () => {
  // app.synth() in synthesize() throws on an unacknowledged error; warnings only reach the report.
  expect(dev.report.pluginReports).toEqual([]);
});

test('an unacknowledged finding fails synthesis (the check is live)', () => {
  const outdir = mkdtempSync(path.join(tmpdir(), 'daswos-cdk-careless-'));
  const app = new App({
    outdir,
    builtinCloudFormationValidation: false,
    context: { 'aws:cdk:bundling-stacks': [], webDist: webDistFixture() },
  });
  const stack = addDaswosCoins(app);
  new Role(stack, 'Careless', {
    assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
    managedPolicies: [ManagedPolicy.fromAwsManagedPolicyName('AdministratorAccess')],
  });
  try {
    expect(() => app.synth()).toThrow(/AwsSolutions-IAM4\[Policy::.*AdministratorAccess\]/);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
});

test('every acknowledgement gives a specific reason', () => {
  const found = acknowledgements(dev.stack);
  expect(found.size).toBeGreaterThan(0);
  for (const [rule, reason] of found) {
    expect([rule, reason.length >= 80]).toEqual([rule, true]);
    expect(rule).toMatch(/^AwsSolutions-/);
  }
});

test('every acknowledgement answers a finding cdk-nag really makes (none is stale)', () => {
  // Re-run the pack with acknowledgements ignored: what it reports is what needs a reason.
  const pack = new AwsSolutionsChecks(undefined, { verbose: false });
  Object.defineProperty(pack, 'isAcknowledged', { value: () => false });
  const findings = new Set<string>();
  for (const violation of pack.validateScope(dev.stack).violations) {
    for (const resource of violation.violatingResources) {
      // Findings name the Cfn resource; acknowledgements sit on it or on an ancestor.
      findings.add(`${violation.ruleName} @ ${resource.constructPath}`);
    }
  }
  for (const rule of acknowledgements(dev.stack).keys()) {
    const [id, path] = rule.split(' @ ');
    const answered = [...findings].some(
      (finding) => finding === `${id} @ ${path}/Resource` || finding.startsWith(`${id} @ ${path}/`),
    );
    expect([rule, answered]).toEqual([rule, true]);
  }
  // And the other way round: each finding is acknowledged somewhere above its resource.
  for (const finding of findings) {
    const [id, path = ''] = finding.split(' @ ');
    const covered = [...acknowledgements(dev.stack).keys()].some((rule) => {
      const [ackId, ackPath = ''] = rule.split(' @ ');
      return ackId === id && path.startsWith(`${ackPath}/`);
    });
    expect([finding, covered]).toEqual([finding, true]);
  }
});
