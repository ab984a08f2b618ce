import { Duration, Stack } from 'aws-cdk-lib';
import {
  OAuthScope,
  ResourceServerScope,
  type UserPool,
  type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { ServiceFunction } from '#infra/stack/service-function';
import type { StageConfig } from '#infra/stage-config';
import {
  RESOURCE_SERVER_ID,
  SERVICE_SCOPE_NAMES,
  type ServiceScope,
} from '#shared/services/scopes';
import type { ServiceClientsConfig } from '#shared/services/service-clients';

/** The DasWos services a stage is deployed with: one app client each, and what it may do. */
export interface DeployedService {
  /** Construct id and app client name suffix. */
  readonly id: string;
  readonly name: string;
  readonly scopes: readonly ServiceScope[];
  readonly maxAmount: number;
}

export const DEPLOYED_SERVICES: readonly DeployedService[] = [
  { id: 'shop', name: 'DasWos Shop', scopes: ['daswos-coins/spend'], maxAmount: 100_000 },
  { id: 'rewards', name: 'DasWos Rewards', scopes: ['daswos-coins/reward'], maxAmount: 1_000 },
];

export interface ServiceAuthProps {
  readonly config: StageConfig;
  readonly userPool: UserPool;
  readonly services?: readonly DeployedService[];
}

/**
 * Service-to-service auth: the `daswos-coins` resource server with its scopes, one confidential
 * app client per service with the client-credentials grant (its secret stays in Cognito: read it
 * with `aws cognito-idp describe-user-pool-client`, it is never in the template), the
 * `SERVICE_CLIENTS` configuration built from those clients' ids, and the service authorizer.
 */
export class ServiceAuth extends Construct {
  readonly clients: ReadonlyMap<string, UserPoolClient>;
  /** The SERVICE_CLIENTS value: client id → name, scopes, largest amount (ids resolve at deploy). */
  readonly serviceClientsJson: string;
  readonly authorizer: ServiceFunction;

  constructor(scope: Construct, id: string, props: ServiceAuthProps) {
    super(scope, id);
    const { config, userPool } = props;
    const resourceScopes = Object.fromEntries(
      SERVICE_SCOPE_NAMES.map((name) => [
        name,
        new ResourceServerScope({ scopeName: name, scopeDescription: `DasWos Coins: ${name}` }),
      ]),
    );
    const resourceServer = userPool.addResourceServer('ResourceServer', {
      identifier: RESOURCE_SERVER_ID,
      userPoolResourceServerName: 'DasWos Coins',
      scopes: Object.values(resourceScopes),
    });

    const clients = new Map<string, UserPoolClient>();
    const configuration: Record<string, ServiceClientsConfig[string]> = {};
    for (const service of props.services ?? DEPLOYED_SERVICES) {
      const client = userPool.addClient(`Service-${service.id}`, {
        userPoolClientName: `daswos-coins-${service.id}-${config.stage}`,
        generateSecret: true,
        oAuth: {
          flows: { clientCredentials: true },
          scopes: service.scopes.map((fullName) => {
            const scopeName = fullName.split('/')[1] ?? '';
            const resourceScope = resourceScopes[scopeName];
            if (!resourceScope) throw new Error(`Unknown service scope ${fullName}`);
            return OAuthScope.resourceServer(resourceServer, resourceScope);
          }),
        },
        accessTokenValidity: Duration.hours(1),
        preventUserExistenceErrors: true,
      });
      clients.set(service.id, client);
      configuration[client.userPoolClientId] = {
        name: service.name,
        scopes: [...service.scopes],
        maxAmount: service.maxAmount,
      };
    }
    this.clients = clients;
    this.serviceClientsJson = Stack.of(this).toJsonString(configuration);

    this.authorizer = new ServiceFunction(this, 'ServiceAuthorizer', {
      handler: 'authorize-service',
      description: 'API Gateway token authorizer: DasWos services (client credentials, scopes)',
      config,
      environment: {
        COGNITO_USER_POOL_ID: userPool.userPoolId,
        SERVICE_CLIENTS: this.serviceClientsJson,
      },
      timeout: Duration.seconds(5),
    });
  }
}
