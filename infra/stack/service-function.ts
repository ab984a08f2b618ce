import * as path from 'node:path';
import { Duration } from 'aws-cdk-lib';
import { type PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { StageConfig } from '#infra/stage-config';

/** The repository root: entries are functions/<name>.ts, and the lock file sits here. */
const REPO_ROOT = path.resolve(__dirname, '..', '..');

export const SERVICE_NAME = 'daswos-coins';
export const METRICS_NAMESPACE = 'DaswosCoins';
/** The newest Node.js runtime Lambda offers (supported to 2028); cdk-nag L1 asks for the newest. */
export const FUNCTION_RUNTIME = Runtime.NODEJS_24_X;

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
        minify: true,
        sourceMap: false,
        format: OutputFormat.CJS,
        target: FUNCTION_RUNTIME.name.replace(/^nodejs(\d+)\.x$/, 'node$1'),
        // The runtime ships AWS SDK v3; bundling our own copy would only add cold-start time.
        externalModules: ['@aws-sdk/*'],
        // ESM builds of dependencies tree-shake better (~40% smaller bundles, measured).
        mainFields: ['module', 'main'],
      },
    });
  }
}
