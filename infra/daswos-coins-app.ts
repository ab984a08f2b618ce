import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { economySettingsFromEnv } from '#infra/economy-settings';
import type { RouteDefinition } from '#infra/routes';
import {
  API_GATEWAY_ACCOUNT_STACK,
  ApiGatewayAccountStack,
} from '#infra/stack/api-gateway-account';
import { DaswosCoinsStack } from '#infra/stack/daswos-coins-stack';
import { DEFAULT_STAGE, stageConfig } from '#infra/stage-config';

export interface DaswosCoinsAppOptions {
  /** Overrides the real route table (tests only). */
  readonly routes?: readonly RouteDefinition[];
}

/** Context `webDist`: the built page to upload, instead of web/dist (tests use a tiny folder). */
export const WEB_DIST_CONTEXT = 'webDist';

/**
 * Adds the stage's stack to an app and the cdk-nag AwsSolutions checks to every synthesis.
 * Shared by infra/app.ts (the CLI) and the tests, so both check exactly the same thing.
 */
export function addDaswosCoins(app: App, options: DaswosCoinsAppOptions = {}): DaswosCoinsStack {
  const stage = String(app.node.tryGetContext('stage') ?? DEFAULT_STAGE);
  const config = stageConfig(stage, {
    alarmEmail: app.node.tryGetContext('alarmEmail') as string | undefined,
    clientUrl: app.node.tryGetContext('clientUrl') as string | undefined,
    economy: economySettingsFromEnv(process.env),
  });
  const webDist = app.node.tryGetContext(WEB_DIST_CONTEXT) as string | undefined;
  // Account and region come from the CLI's credentials at deploy time; none is committed.
  const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };
  const account =
    (app.node.tryFindChild(API_GATEWAY_ACCOUNT_STACK) as ApiGatewayAccountStack | undefined) ??
    new ApiGatewayAccountStack(app, API_GATEWAY_ACCOUNT_STACK, {
      description: 'DasWos Coins: account-wide API Gateway settings (its CloudWatch logging role)',
      env,
      tags: { project: 'daswos-coins' },
    });
  const stack = new DaswosCoinsStack(app, `DaswosCoins-${config.stage}`, {
    config,
    description: `DasWos Coins (${config.stage}): API, ledger tables, Cognito, alarms, web page`,
    env,
    tags: { project: 'daswos-coins', stage: config.stage },
    ...(options.routes ? { routes: options.routes } : {}),
    ...(webDist ? { webDist } : {}),
  });
  stack.addStackDependency(account, 'API Gateway needs the account CloudWatch role to log');
  // cdk-nag 3.x is a validation plugin, not an Aspect: synthesis fails on any
  // unacknowledged error.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return stack;
}
