import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { type RouteDefinition, routes as routeTable } from '#infra/routes';
import { Api } from '#infra/stack/api';
import { Auth } from '#infra/stack/auth';
import { DataTables } from '#infra/stack/data-tables';
import { HoldSweeper } from '#infra/stack/hold-sweeper';
import { Monitoring } from '#infra/stack/monitoring';
import { RouteFunctions } from '#infra/stack/route-functions';
import { ScheduledAudit } from '#infra/stack/scheduled-audit';
import { ServiceAuth } from '#infra/stack/service-auth';
import { TransactionEvents } from '#infra/stack/transaction-events';
import { WEB_DIST, WebHosting } from '#infra/stack/web-hosting';
import type { StageConfig } from '#infra/stage-config';

export interface DaswosCoinsStackProps extends StackProps {
  readonly config: StageConfig;
  /** The route table; the real one unless a test passes its own. */
  readonly routes?: readonly RouteDefinition[];
  /** The built page to upload; web/dist unless a test passes a small folder of its own. */
  readonly webDist?: string;
}

/**
 * One stage of DasWos Coins: data, auth, one function per route, the API, its alarms and the web
 * page. The page's hosting comes first: Auth and the API need its URL (OAuth callback, CORS).
 */
export class DaswosCoinsStack extends Stack {
  readonly web: WebHosting;
  readonly data: DataTables;
  readonly auth: Auth;
  readonly serviceAuth: ServiceAuth;
  readonly routeFunctions: RouteFunctions;
  readonly api: Api;
  readonly monitoring: Monitoring;
  readonly audit: ScheduledAudit;
  readonly holdSweeper: HoldSweeper;
  readonly events: TransactionEvents;

  constructor(scope: Construct, id: string, props: DaswosCoinsStackProps) {
    super(scope, id, props);
    const { config } = props;
    const routes = props.routes ?? routeTable;

    this.web = new WebHosting(this, 'Web', { config });
    this.data = new DataTables(this, 'Data', { stage: config.stage });
    this.auth = new Auth(this, 'Auth', {
      config,
      wallets: this.data.tables.wallets,
      webUrl: this.web.url,
    });
    this.serviceAuth = new ServiceAuth(this, 'ServiceAuth', {
      config,
      userPool: this.auth.userPool,
    });
    // User and admin authorizers answer 403 (not 401) to a configured service's token.
    for (const authorizer of [this.auth.userAuthorizer, this.auth.adminAuthorizer]) {
      authorizer.function.addEnvironment('SERVICE_CLIENTS', this.serviceAuth.serviceClientsJson);
    }
    this.routeFunctions = new RouteFunctions(this, 'Routes', {
      config,
      routes,
      data: this.data,
      webUrl: this.web.url,
      serviceClientsJson: this.serviceAuth.serviceClientsJson,
    });
    this.api = new Api(this, 'Api', {
      config,
      routes,
      functions: this.routeFunctions.functions,
      userAuthorizer: this.auth.userAuthorizer,
      adminAuthorizer: this.auth.adminAuthorizer,
      serviceAuthorizer: this.serviceAuth.authorizer,
      webOrigin: this.web.url,
    });
    this.web.publish(props.webDist ?? WEB_DIST, {
      apiBaseUrl: this.api.baseUrl,
      auth: {
        mode: 'cognito',
        userPoolId: this.auth.userPool.userPoolId,
        clientId: this.auth.client.userPoolClientId,
        domain: this.auth.domain.baseUrl(),
      },
    });
    this.audit = new ScheduledAudit(this, 'Audit', { config, data: this.data });
    this.holdSweeper = new HoldSweeper(this, 'HoldSweeper', { config, data: this.data });
    this.events = new TransactionEvents(this, 'Events', { config, data: this.data });
    this.monitoring = new Monitoring(this, 'Monitoring', {
      config,
      api: this.api.restApi,
      functions: [
        ...routes.map((route) => ({
          name: route.handler,
          fn: this.routeFunctions.functionFor(route.handler),
          webhook: route.caller === 'stripe',
        })),
        { name: 'authorize-user', fn: this.auth.userAuthorizer },
        { name: 'authorize-admin', fn: this.auth.adminAuthorizer },
        { name: 'authorize-service', fn: this.serviceAuth.authorizer },
        { name: 'create-wallet-on-sign-up', fn: this.auth.createWallet },
        { name: 'audit-ledger', fn: this.audit.fn, audit: true },
        { name: 'sweep-expired-holds', fn: this.holdSweeper.fn },
        { name: 'publish-transaction-events', fn: this.events.fn },
      ],
    });
    this.events.addAlarms(this.monitoring.topic);

    new CfnOutput(this, 'ApiUrl', {
      value: this.api.restApi.url,
      description: 'Stage URL; routes live under /api/daswos-coins',
    });
    new CfnOutput(this, 'WebUrl', {
      value: this.web.url,
      description: 'The web page (CloudFront); sign-in goes through the Cognito hosted UI',
    });
    new CfnOutput(this, 'UserPoolId', { value: this.auth.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.auth.client.userPoolClientId });
    new CfnOutput(this, 'AdminUserPoolId', {
      value: this.auth.adminPool.userPoolId,
      description: 'Admins (MFA required): admin-create-user, then admin-add-user-to-group admin',
    });
    new CfnOutput(this, 'AdminUserPoolClientId', { value: this.auth.adminClient.userPoolClientId });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.monitoring.topic.topicArn });
    new CfnOutput(this, 'EventBusName', {
      value: this.events.bus.eventBusName,
      description:
        'TransactionPosted and hold events (source daswos.coins); deduplicate by transactionId, holdId + detail-type',
    });
    const secret = this.routeFunctions.stripeSecret;
    if (secret) {
      new CfnOutput(this, 'StripeSecretArn', {
        value: secret.secretArn,
        description: 'put-secret-value {"secretKey":"sk_...","webhookSecret":"whsec_..."} here',
      });
    }
  }
}
