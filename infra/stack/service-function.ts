import * as path from 'node:path';
import { Duration, Validations } from 'aws-cdk-lib';
import { type PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, type OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { FUNCTION_RUNTIME_NAME, functionBundling } from '#infra/bundling';
import type { StageConfig } from '#infra/stage-config';

/** The repository root: entries are functions/<name>.ts, and the lock file sits here. */
const REPO_ROOT = path.resolve(__dirname, '..', '..');

export const SERVICE_NAME = 'daswos-coins';
export const METRICS_NAMESPACE = 'DaswosCoins';
/** CDK's own constant for the runtime infra/bundling.ts names (the bench reads it without CDK). */
export const FUNCTION_RUNTIME = lambdaRuntime(FUNCTION_RUNTIME_NAME);

function lambdaRuntime(name: string): Runtime {
  // Not NODEJS_LATEST, which bears the same name but is marked variable (it moves with CDK).
  const runtime = Runtime.ALL.find((c) => c.name === name && !c.isVariable);
  if (!runtime) throw new Error(`aws-cdk-lib does not know the Lambda runtime ${name}`);
  return runtime;
}

export interface ServiceFunctionProps {
  /** Kebab-case file name in functions/. */
  readonly handler: string;
  readonly description: string;
  readonly config: StageConfig;
  readonly environment?: Record<string, string>;
  readonly statements?: readonly PolicyStatement[];
  readonly timeout?: Duration;
}

/**
 * One Lambda function built from functions/<handler>.ts, with a role of its own that may write
 * to its own log group and do what `statements` say, and nothing else (no managed policies).
 */
export class ServiceFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    super(scope, id);
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.handler} (${props.config.stage})`,
    });
    // An explicit group, rather than the one Lambda creates on first use, so it has a retention
    // and the role can be limited to it instead of logs:CreateLogGroup on the account.
    this.logGroup = new LogGroup(this, 'Logs', { retention: props.config.logRetention });
    this.logGroup.grantWrite(this.role);
    for (const statement of props.statements ?? []) this.role.addToPrincipalPolicy(statement);

    this.function = new NodejsFunction(this, 'Function', {
      entry: path.join(REPO_ROOT, 'functions', `${props.handler}.ts`),
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: path.join(REPO_ROOT, 'package-lock.json'),
      description: props.description,
      runtime: FUNCTION_RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: 256,
      timeout: props.timeout ?? Duration.seconds(10),
      role: this.role,
      logGroup: this.logGroup,
      // Lambda's own segments (init, invocation) join the API's trace. No X-Ray SDK in the
      // bundles: the AWS SDK calls are not sub-segments, which keeps the functions as small as
      // measured (docs/performance.md); the function's segment still shows DynamoDB time.
      tracing: Tracing.ACTIVE,
      environment: {
        POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
        POWERTOOLS_LOG_LEVEL: props.config.logLevel,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        STAGE: props.config.stage,
        ...props.environment,
      },
      bundling: {
        // Local esbuild (a devDependency): synth needs no Docker.
        forceDockerBundling: false,
        // The one definition of the build, shared with `npm run bench` (infra/bundling.ts).
        ...functionBundling,
        // OutputFormat's values are esbuild's format names.
        format: functionBundling.format as OutputFormat,
        externalModules: [...functionBundling.externalModules],
        mainFields: [...functionBundling.mainFields],
      },
    });
    // Active tracing adds its own policy under the function: xray:PutTraceSegments and
    // PutTelemetryRecords, which X-Ray only offers on every resource.
    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Active X-Ray tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no ' +
        'resource-level permissions, so CDK grants them on *; nothing else is granted on *.',
    });
  }
}
