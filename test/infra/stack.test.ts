import { Token } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import {
  ACCESS_DENIED_TEMPLATE,
  gatewayResponseBody,
  gatewayResponses,
} from '#infra/gateway-responses';
import { API_BASE_PATH, type RouteDefinition, routes } from '#infra/routes';
import { ADMIN_GROUP } from '#shared/auth/groups';
import { COUNTED_METRICS } from '#shared/metrics';
import { allFunctions, environmentOf, functionProperties } from '#test/infra/support/functions';
import {
  logicalId,
  referencedIds,
  resource,
  resources,
  type Synthesized,
  synthesize,
} from '#test/infra/support/synth';

const routeTable: readonly RouteDefinition[] = routes;

let dev: Synthesized;
beforeAll(() => {
  dev = synthesize();
});
afterAll(() => dev?.cleanUp());

/** The API path of an API Gateway resource, rebuilt from its PathPart/ParentId chain. */
function pathOf(resourceId: string): string {
  const { PathPart, ParentId } = resource(dev.template, resourceId).Properties as {
    PathPart: string;
    ParentId: { Ref?: string };
  };
  return ParentId.Ref ? `${pathOf(ParentId.Ref)}/${PathPart}` : `/${PathPart}`;
}

function methodFor(route: RouteDefinition) {
  const matches = Object.values(resources(dev.template, 'AWS::ApiGateway::Method')).filter(
    (method) => {
      const props = method.Properties as { HttpMethod: string; ResourceId: { Ref: string } };
      return (
        props.HttpMethod === route.method &&
        pathOf(props.ResourceId.Ref) === `${API_BASE_PATH}${route.path}`
      );
    },
  );
  expect(matches).toHaveLength(1);
  return matches[0]?.Properties as {
    AuthorizationType: string;
    AuthorizerId?: { Ref: string };
    Integration: { Type: string; Uri: unknown };
  };
}

describe('one function and one API method per route-table entry', () => {
  test('functions: one per route, plus three authorizers, the sign-up trigger, the audit, the hold sweeper and the event publisher', () => {
    // Not counted: CDK's own function that uploads the web page (web-hosting.test.ts).
    const webDeployRole = dev.stack.web.deployRole && logicalId(dev.stack.web.deployRole);
    const ours = Object.values(resources(dev.template, 'AWS::Lambda::Function')).filter(
      (fn) => referencedIds(fn.Properties?.Role)[0] !== webDeployRole,
    );
    expect(ours).toHaveLength(routeTable.length + 7);
    // CORS preflight (OPTIONS) methods are not routes.
    const methods = Object.values(resources(dev.template, 'AWS::ApiGateway::Method')).filter(
      (method) => method.Properties?.HttpMethod !== 'OPTIONS',
    );
    expect(methods).toHaveLength(routeTable.length);
  });

  test.each(routeTable.map((route) => [`${route.method} ${route.path}`, route] as const))(
    '%s: proxied to its own function, with the authorizer its caller kind needs',
    (_, route) => {
      const method = methodFor(route);
      const fn = dev.stack.routeFunctions.functionFor(route.handler);
      expect(method.Integration.Type).toBe('AWS_PROXY');
      expect(referencedIds(method.Integration.Uri)).toEqual([logicalId(fn.function)]);

      if (route.caller === 'public' || route.caller === 'stripe') {
        expect(method.AuthorizationType).toBe('NONE');
        expect(method.AuthorizerId).toBeUndefined();
        return;
      }
      expect(method.AuthorizationType).toBe('CUSTOM');
      const authorizer = resource(dev.template, method.AuthorizerId?.Ref ?? '').Properties as {
        Type: string;
        IdentitySource: string;
        AuthorizerResultTtlInSeconds: number;
        AuthorizerUri: unknown;
      };
      const expected =
        route.caller === 'admin'
          ? dev.stack.auth.adminAuthorizer
          : route.caller === 'service'
            ? dev.stack.serviceAuth.authorizer
            : dev.stack.auth.userAuthorizer;
      expect(authorizer).toMatchObject({
        Type: 'TOKEN',
        IdentitySource: 'method.request.header.Authorization',
        AuthorizerResultTtlInSeconds: 300,
      });
      expect(new Set(referencedIds(authorizer.AuthorizerUri))).toEqual(
        new Set([logicalId(expected.function)]),
      );
    },
  );

  test('a route function runs for its route-table timeout (the batch giveaway 28 s), else 10 s', () => {
    for (const route of routeTable) {
      const fn = dev.stack.routeFunctions.functionFor(route.handler);
      const props = functionProperties(dev.template, fn);
      expect([route.handler, props.Timeout]).toEqual([route.handler, route.timeoutSeconds ?? 10]);
    }
    expect(routeTable.find((route) => route.handler === 'give-coins-batch')?.timeoutSeconds).toBe(
      28,
    );
  });

  test('every function: arm64, Node.js 22 or 24, its own role and log group, Powertools env', () => {
    const roles = new Set<string>();
    for (const [name, fn] of allFunctions(dev.stack, routeTable)) {
      const props = functionProperties(dev.template, fn);
      expect(props.Architectures).toEqual(['arm64']);
      expect(['nodejs22.x', 'nodejs24.x']).toContain(props.Runtime);
      expect(props.Handler).toBe('index.handler');
      // API Gateway's integration limit; the scheduled functions are not behind the API.
      if (name !== 'audit-ledger' && name !== 'sweep-expired-holds')
        expect(props.Timeout).toBeLessThanOrEqual(29);
      expect(referencedIds(props.LoggingConfig?.LogGroup)).toEqual([logicalId(fn.logGroup)]);
      const [role] = referencedIds(props.Role);
      expect(roles.has(role ?? '')).toBe(false);
      roles.add(role ?? '');
      expect(environmentOf(dev.template, fn)).toMatchObject({
        POWERTOOLS_SERVICE_NAME: 'daswos-coins',
        POWERTOOLS_LOG_LEVEL: 'DEBUG',
      });
    }
  });
});

describe('CloudFormation limits', () => {
  // A stack holds at most 500 resources; CloudFormation refuses the deploy past it. Each route
  // adds about 11 (function, role, policy, log group, method, permission...): at this line's
  // last count the stack held 477, room for two more routes before it must be split.
  test("the stage stack stays within CloudFormation's 500 resources", () => {
    const count = Object.keys(dev.template.toJSON().Resources ?? {}).length;
    expect(count).toBeLessThanOrEqual(500);
  });
});

describe('API stage', () => {
  test('gateway responses answer in the API error format', () => {
    const installed = Object.values(resources(dev.template, 'AWS::ApiGateway::GatewayResponse'));
    expect(installed).toHaveLength(Object.keys(gatewayResponses).length);
    for (const [type, { statusCode, code, message }] of Object.entries(gatewayResponses)) {
      const response = installed.find((r) => r.Properties?.ResponseType === type)?.Properties as {
        StatusCode: string;
        ResponseTemplates: Record<string, string>;
      };
      expect(response.StatusCode).toBe(String(statusCode));
      const body = response.ResponseTemplates['application/json'] ?? '';
      if (type === 'ACCESS_DENIED') continue;
      expect(body).toBe(gatewayResponseBody(type as keyof typeof gatewayResponses));
      expect(JSON.parse(body)).toEqual({ error: { code, message } });
    }
  });

  test("an authorizer's Deny names its reason (FORBIDDEN or MFA_REQUIRED) in the 403 body", () => {
    const installed = Object.values(resources(dev.template, 'AWS::ApiGateway::GatewayResponse'));
    const denied = installed.find((r) => r.Properties?.ResponseType === 'ACCESS_DENIED')
      ?.Properties as { ResponseTemplates: Record<string, string> };

    const body = denied.ResponseTemplates['application/json'] ?? '';

    expect(body).toBe(ACCESS_DENIED_TEMPLATE);
    expect(JSON.parse(body)).toEqual({
      error: {
        code: '$context.authorizer.errorCode',
        message: '$context.authorizer.errorMessage',
      },
    });
  });

  test('throttled, logged (access log group, errors), no request/response bodies in logs', () => {
    const [stage] = Object.values(resources(dev.template, 'AWS::ApiGateway::Stage'));
    const props = stage?.Properties as {
      StageName: string;
      AccessLogSetting: { DestinationArn: unknown; Format: string };
      MethodSettings: Record<string, unknown>[];
    };
    expect(props.StageName).toBe('dev');
    expect(props.MethodSettings).toEqual([
      expect.objectContaining({
        HttpMethod: '*',
        ResourcePath: '/*',
        LoggingLevel: 'ERROR',
        DataTraceEnabled: false,
        MetricsEnabled: true,
        ThrottlingRateLimit: 20,
        ThrottlingBurstLimit: 40,
      }),
    ]);
    const [logGroup] = referencedIds(props.AccessLogSetting.DestinationArn);
    expect(resource(dev.template, logGroup ?? '').Type).toBe('AWS::Logs::LogGroup');
    expect(Object.keys(JSON.parse(props.AccessLogSetting.Format))).toEqual(
      expect.arrayContaining(['requestId', 'status', 'path', 'principal']),
    );
  });
});

describe('Cognito', () => {
  test('email sign-in, a strong password policy, kept on tear-down, wallets on sign-up', () => {
    const pool = dev.template.toJSON().Resources[logicalId(dev.stack.auth.userPool)];
    expect(pool.DeletionPolicy).toBe('Retain');
    expect(pool.Properties).toMatchObject({
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
      DeletionProtection: 'ACTIVE',
      MfaConfiguration: 'OPTIONAL',
      Policies: {
        PasswordPolicy: {
          MinimumLength: 12,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        },
      },
    });
    expect(referencedIds(pool.Properties.LambdaConfig.PostConfirmation)).toEqual([
      logicalId(dev.stack.auth.createWallet.function),
    ]);
  });

  test('the admin group and a public app client exist; authorizers know pool and client', () => {
    dev.template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: ADMIN_GROUP });
    dev.template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      ExplicitAuthFlows: Match.arrayWith(['ALLOW_USER_SRP_AUTH']),
    });
    for (const authorizer of [dev.stack.auth.userAuthorizer, dev.stack.auth.adminAuthorizer]) {
      expect(environmentOf(dev.template, authorizer)).toMatchObject({
        COGNITO_USER_POOL_ID: { Ref: logicalId(dev.stack.auth.userPool) },
        COGNITO_CLIENT_ID: { Ref: logicalId(dev.stack.auth.client) },
        COGNITO_ADMIN_USER_POOL_ID: { Ref: logicalId(dev.stack.auth.adminPool) },
        COGNITO_ADMIN_CLIENT_ID: { Ref: logicalId(dev.stack.auth.adminClient) },
      });
    }
  });

  test('admins have a pool of their own: MFA required, no self sign-up, short tokens, the admin group', () => {
    const pools = dev.template.toJSON().Resources;
    const adminPool = pools[logicalId(dev.stack.auth.adminPool)];

    expect(adminPool.DeletionPolicy).toBe('Retain');
    expect(adminPool.Properties).toMatchObject({
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      DeletionProtection: 'ACTIVE',
    });
    const groups = Object.values(resources(dev.template, 'AWS::Cognito::UserPoolGroup'));
    expect(groups.map((group) => group.Properties)).toEqual([
      {
        GroupName: ADMIN_GROUP,
        Description: expect.any(String),
        UserPoolId: { Ref: logicalId(dev.stack.auth.adminPool) },
      },
    ]);
    const client = pools[logicalId(dev.stack.auth.adminClient)];
    expect(client.Properties).toMatchObject({
      UserPoolId: { Ref: logicalId(dev.stack.auth.adminPool) },
      AccessTokenValidity: 15,
      TokenValidityUnits: expect.objectContaining({ AccessToken: 'minutes' }),
    });
  });
});

describe('alarms', () => {
  const alarms = () =>
    Object.values(resources(dev.template, 'AWS::CloudWatch::Alarm')).map(
      (alarm) =>
        alarm.Properties as {
          MetricName: string;
          Namespace: string;
          Dimensions: { Name: string; Value: unknown }[];
          AlarmActions: unknown[];
          AlarmDescription: string;
        },
    );

  test('API 5xx, and errors and throttles for every function, all notifying the topic', () => {
    const topic = logicalId(dev.stack.monitoring.topic);
    for (const alarm of alarms()) expect(referencedIds(alarm.AlarmActions)).toEqual([topic]);
    expect(
      alarms().filter((a) => a.Namespace === 'AWS/ApiGateway' && a.MetricName === '5XXError'),
    ).toHaveLength(1);
    for (const [, fn] of allFunctions(dev.stack, routeTable)) {
      const id = logicalId(fn.function);
      const forFn = alarms().filter((a) =>
        a.Dimensions?.some((d) => d.Name === 'FunctionName' && referencedIds(d.Value)[0] === id),
      );
      // The stream consumer also alarms on falling behind (transaction-events.test.ts).
      const extra = fn === dev.stack.events.fn ? ['IteratorAge'] : [];
      expect(forFn.map((a) => a.MetricName).sort()).toEqual(['Errors', ...extra, 'Throttles']);
    }
  });

  test('Stripe webhook failures have their own explanation', () => {
    for (const route of routeTable.filter((r) => r.caller === 'stripe')) {
      const id = logicalId(dev.stack.routeFunctions.functionFor(route.handler).function);
      const errors = alarms().find(
        (a) =>
          a.MetricName === 'Errors' && a.Dimensions.some((d) => referencedIds(d.Value)[0] === id),
      );
      expect(errors?.AlarmDescription).toMatch(/Stripe webhook/);
    }
  });

  test('the counted webhook metrics alarm on any datapoint of their stage', () => {
    for (const name of COUNTED_METRICS) {
      const alarm = alarms().find((a) => a.MetricName === name);
      expect(alarm).toMatchObject({
        Namespace: 'DaswosCoins',
        Dimensions: expect.arrayContaining([
          { Name: 'service', Value: 'daswos-coins' },
          { Name: 'stage', Value: 'dev' },
        ]),
        Threshold: 1,
        Statistic: 'Sum',
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
      });
    }
  });
});

describe('stages', () => {
  test('nothing account-specific: the stack is environment-agnostic', () => {
    expect(Token.isUnresolved(dev.stack.account)).toBe(true);
    expect(Token.isUnresolved(dev.stack.region)).toBe(true);
  });

  test('-c stage=prod names the stack, tables and API stage, with production settings', () => {
    const prod = synthesize({ stage: 'prod', context: { alarmEmail: 'ops@example.com' } });
    try {
      expect(prod.stack.stackName).toBe('DaswosCoins-prod');
      prod.template.hasResourceProperties('AWS::DynamoDB::Table', {
        TableName: 'prod_daswos_wallets',
      });
      prod.template.hasResourceProperties('AWS::ApiGateway::Stage', {
        StageName: 'prod',
        MethodSettings: [Match.objectLike({ ThrottlingRateLimit: 200, ThrottlingBurstLimit: 400 })],
      });
      const [, anyFunction] = [...allFunctions(prod.stack, routeTable)][0] ?? [];
      expect(anyFunction && environmentOf(prod.template, anyFunction)).toMatchObject({
        POWERTOOLS_LOG_LEVEL: 'INFO',
      });
    } finally {
      prod.cleanUp();
    }
  });
});
