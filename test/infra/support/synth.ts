import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App, type CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import type { IConstruct } from 'constructs';
import { addDaswosCoins, WEB_DIST_CONTEXT } from '#infra/daswos-coins-app';
import type { RouteDefinition } from '#infra/routes';
import type { DaswosCoinsStack } from '#infra/stack/daswos-coins-stack';

export interface SynthOptions {
  readonly stage?: string;
  readonly context?: Record<string, unknown>;
  readonly routes?: readonly RouteDefinition[];
  /**
   * Bundle every function with esbuild (~1 s each, mostly npx start-up). Off by default: the
   * template is the same either way except for asset hashes, and one test bundles for real.
   */
  readonly bundle?: boolean;
  /** CDK's built-in CloudFormation schema validation (~7 s, measured); `cdk synth` runs it. */
  readonly cfnValidation?: boolean;
}

export interface Synthesized {
  readonly stack: DaswosCoinsStack;
  readonly assembly: CloudAssembly;
  readonly template: Template;
  /** validation-report.json: what the validation plugins (cdk-nag) left unacknowledged. */
  readonly report: ValidationReport;
  /** Removes the temporary cloud assembly. */
  cleanUp(): void;
}

export interface ValidationReport {
  readonly pluginReports: readonly {
    readonly summary: { readonly pluginName: string; readonly status: string };
    readonly violations: readonly { readonly ruleName: string; readonly severity?: string }[];
  }[];
}

/** cdk.json's feature flags, so the tests synthesize what `cdk synth` does. */
const CDK_JSON_CONTEXT = (
  JSON.parse(readFileSync(path.resolve(__dirname, '..', '..', '..', 'cdk.json'), 'utf8')) as {
    context: Record<string, unknown>;
  }
).context;

let webFixture: string | undefined;

/**
 * A stand-in for web/dist, so infra tests need no web build: an index.html, and the local-mode
 * config.json that a real build carries too (the deployment must leave it out).
 */
export function webDistFixture(): string {
  if (!webFixture) {
    const dir = mkdtempSync(path.join(tmpdir(), 'daswos-web-'));
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>DasWos Coins</title>\n');
    writeFileSync(
      path.join(dir, 'config.json'),
      '{ "apiBaseUrl": "", "auth": { "mode": "local" } }\n',
    );
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    webFixture = dir;
  }
  return webFixture;
}

/**
 * Synthesizes the app the way infra/app.ts does (same stack, same cdk-nag plugin) into a
 * temporary directory. `app.synth()` throws when cdk-nag reports an unacknowledged error.
 */
export function synthesize(options: SynthOptions = {}): Synthesized {
  const outdir = mkdtempSync(path.join(tmpdir(), 'daswos-cdk-'));
  const app = new App({
    outdir,
    builtinCloudFormationValidation: options.cfnValidation ?? false,
    context: {
      ...CDK_JSON_CONTEXT,
      stage: options.stage ?? 'dev',
      ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
      [WEB_DIST_CONTEXT]: webDistFixture(),
      ...options.context,
    },
  });
  const stack = addDaswosCoins(app, options.routes ? { routes: options.routes } : {});
  const assembly = app.synth();
  // Read the synthesized template rather than Template.fromStack, which would synthesize again.
  const template = Template.fromJSON(assembly.getStackArtifact(stack.artifactId).template);
  const report = JSON.parse(
    readFileSync(path.join(assembly.directory, 'validation-report.json'), 'utf8'),
  ) as ValidationReport;
  return {
    stack,
    assembly,
    template,
    report,
    cleanUp: () => rmSync(outdir, { recursive: true, force: true }),
  };
}

export function logicalId(construct: IConstruct): string {
  const element = construct.node.defaultChild ?? construct;
  return Stack.of(construct).getLogicalId(element as CfnElement);
}

type Resource = { Type: string; Properties?: Record<string, unknown>; [key: string]: unknown };

export function resources(template: Template, type: string): Record<string, Resource> {
  return template.findResources(type) as Record<string, Resource>;
}

export function resource(template: Template, id: string): Resource {
  const found = (template.toJSON().Resources as Record<string, Resource>)[id];
  if (!found) throw new Error(`No resource ${id} in the template`);
  return found;
}

/**
 * The resources a CloudFormation value refers to (Ref and Fn::GetAtt, at any depth), without
 * pseudo parameters such as AWS::Region.
 */
export function referencedIds(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(referencedIds);
  if (value && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    if (typeof object.Ref === 'string') return object.Ref.startsWith('AWS::') ? [] : [object.Ref];
    const getAtt = object['Fn::GetAtt'];
    if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return [getAtt[0]];
    return Object.values(object).flatMap(referencedIds);
  }
  return [];
}
