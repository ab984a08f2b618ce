import { Aws, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import {
  AccessLogField,
  AccessLogFormat,
  AuthorizationType,
  EndpointType,
  IdentitySource,
  LambdaIntegration,
  LogGroupLogDestination,
  MethodLoggingLevel,
  ResponseType,
  RestApi,
  TokenAuthorizer,
} from 'aws-cdk-lib/aws-apigateway';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import {
  type GatewayResponseType,
  gatewayResponseBody,
  gatewayResponses,
} from '#infra/gateway-responses';
import { API_BASE_PATH, type Caller, type RouteDefinition } from '#infra/routes';
import type { ServiceFunction } from '#infra/stack/service-function';
import type { StageConfig } from '#infra/stage-config';

export interface ApiProps {
  readonly config: StageConfig;
  readonly routes: readonly RouteDefinition[];
  readonly functions: ReadonlyMap<string, ServiceFunction>;
  readonly userAuthorizer: ServiceFunction;
  readonly adminAuthorizer: ServiceFunction;
  /** Service routes (client-credentials tokens); needed only when the table has one. */
  readonly serviceAuthorizer?: ServiceFunction;
  /** The web page's origin: the only one allowed to call the API from a browser. */
  readonly webOrigin: string;
}

/** What the page sends beyond the CORS-safelisted headers (web/src/api/api-client.ts). */
export const CORS_ALLOW_HEADERS = ['Authorization', 'Content-Type', 'Idempotency-Key'];

/**
 * The shape authorize.ts accepts; anything else is answered 401 without invoking the authorizer.
 * The scheme is matched in any letter case (RFC 7235), spelled out as classes rather than an
 * inline flag, which API Gateway's regular expressions are not documented to support.
 */
export const BEARER_TOKEN = '^[Bb][Ee][Aa][Rr][Ee][Rr] [A-Za-z0-9._~+/=-]+$';

// One line per request, as JSON, without bodies or tokens.
const ACCESS_LOG_FORMAT = AccessLogFormat.custom(
  JSON.stringify({
    requestId: AccessLogField.contextRequestId(),
    time: AccessLogField.contextRequestTime(),
    ip: AccessLogField.contextIdentitySourceIp(),
    userAgent: AccessLogField.contextIdentityUserAgent(),
    principal: AccessLogField.contextAuthorizerPrincipalId(),
    method: AccessLogField.contextHttpMethod(),
    path: AccessLogField.contextResourcePath(),
    status: AccessLogField.contextStatus(),
    latencyMs: AccessLogField.contextResponseLatency(),
    integrationLatencyMs: AccessLogField.contextIntegrationLatency(),
    responseLength: AccessLogField.contextResponseLength(),
    errorType: AccessLogField.contextErrorResponseType(),
    authorizerError: AccessLogField.contextAuthorizerError(),
    integrationError: AccessLogField.contextIntegrationErrorMessage(),
  }),
);

/**
 * The REST API: one method per route-table entry, proxied to that entry's function; user and
 * admin routes behind their token authorizers, public and Stripe routes open at the gateway.
 */
export class Api extends Construct {
  readonly restApi: RestApi;
  /** The stage's URL without a trailing slash (the web page appends /api/daswos-coins/...). */
  readonly baseUrl: string;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    const { config } = props;

    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: config.logRetention });
    this.restApi = new RestApi(this, 'RestApi', {
      restApiName: `daswos-coins-${config.stage}`,
      description: `DasWos Coins API (${config.stage})`,
      endpointTypes: [EndpointType.REGIONAL],
      // API Gateway writes access and execution logs through an account-wide role; keep it when
      // this stack goes, other stages and APIs in the account rely on the same setting.
      cloudWatchRole: true,
      cloudWatchRoleRemovalPolicy: RemovalPolicy.RETAIN,
      deployOptions: {
        stageName: config.stage,
        throttlingRateLimit: config.throttle.rateLimit,
        throttlingBurstLimit: config.throttle.burstLimit,
        metricsEnabled: true,
        loggingLevel: MethodLoggingLevel.ERROR,
        // Full request/response logging would write bearer tokens and payment bodies to logs.
        dataTraceEnabled: false,
        accessLogDestination: new LogGroupLogDestination(accessLogs),
        accessLogFormat: ACCESS_LOG_FORMAT,
      },
    });

    // restApi.url ends with a slash; the page's config is documented without one.
    this.baseUrl = `https://${this.restApi.restApiId}.execute-api.${Aws.REGION}.${Aws.URL_SUFFIX}/${this.restApi.deploymentStage.stageName}`;

    const cloudWatchRole = this.restApi.node.tryFindChild('CloudWatchRole');
    if (cloudWatchRole) {
      Validations.of(cloudWatchRole).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
        reason:
          'The account-wide role API Gateway assumes to write logs; AWS maintains this policy for ' +
          'exactly that purpose (CloudWatch Logs actions only).',
      });
    }

    // The gateway's own answers (401, 429, ...) must reach the page's code too, not end as an
    // opaque CORS failure: they name the page's origin like the handlers' answers do.
    for (const type of Object.keys(gatewayResponses) as GatewayResponseType[]) {
      this.restApi.addGatewayResponse(type, {
        type: ResponseType.of(type),
        statusCode: String(gatewayResponses[type].statusCode),
        templates: { 'application/json': gatewayResponseBody(type) },
        responseHeaders: {
          'Access-Control-Allow-Origin': `'${props.webOrigin}'`,
          Vary: "'Origin'",
        },
      });
    }

    // Created only when a route needs it: an authorizer attached to no method fails synthesis.
    const authorizers = new Map<Caller, TokenAuthorizer>();
    const authorizerFunctions = {
      user: { id: 'UserAuth', fn: props.userAuthorizer },
      admin: { id: 'AdminAuth', fn: props.adminAuthorizer },
      service: { id: 'ServiceAuth', fn: props.serviceAuthorizer },
    };
    const authorizerFor = (caller: 'user' | 'admin' | 'service'): TokenAuthorizer => {
      let authorizer = authorizers.get(caller);
      if (!authorizer) {
        const { id, fn } = authorizerFunctions[caller];
        if (!fn) throw new Error(`A ${caller} route needs the ${caller} authorizer`);
        authorizer = new TokenAuthorizer(this, id, {
          authorizerName: `${caller}-token`,
          handler: fn.function,
          identitySource: IdentitySource.header('Authorization'),
          validationRegex: BEARER_TOKEN,
          // authorize.ts answers with a stage-wide policy, and the service authorizer with one
          // that lists every route the token's scopes allow: one decision serves every route.
          resultsCacheTtl: Duration.minutes(5),
        });
        authorizers.set(caller, authorizer);
      }
      return authorizer;
    };

    for (const route of props.routes) {
      const fn = props.functions.get(route.handler);
      if (!fn) throw new Error(`No function for ${route.method} ${route.path}`);
      const resource = this.restApi.root.resourceForPath(`${API_BASE_PATH}${route.path}`);
      const integration = new LambdaIntegration(fn.function, {
        proxy: true,
        allowTestInvoke: false,
      });
      const guarded =
        route.caller === 'user' || route.caller === 'admin' || route.caller === 'service';
      const method = resource.addMethod(
        route.method,
        integration,
        guarded
          ? { authorizer: authorizerFor(route.caller), authorizationType: AuthorizationType.CUSTOM }
          : { authorizationType: AuthorizationType.NONE },
      );
      if (!guarded) {
        Validations.of(method).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason:
            route.caller === 'stripe'
              ? `${route.path} is called by Stripe, which cannot send a bearer token; the handler ` +
                'verifies the Stripe-Signature HMAC over the raw body instead.'
              : `${route.path} is public by design (route table caller: public) and reveals no ` +
                'user data.',
        });
      }
      Validations.of(method).acknowledge({
        id: 'AwsSolutions-COG4',
        reason:
          guarded && route.caller === 'service'
            ? 'Guarded by a Lambda TOKEN authorizer that verifies Cognito client-credentials ' +
              'access tokens with aws-jwt-verify and allows only the routes of their scopes.'
            : guarded
              ? 'Guarded by a Lambda TOKEN authorizer that verifies Cognito JWTs with aws-jwt-verify ' +
                '(and the admin group for admin routes), not by a Cognito user pool authorizer.'
              : 'No authorizer at all: the route is open at the gateway on purpose (public data or ' +
                "Stripe's signed webhook, see APIG4), so there is no Cognito identity to check.",
      });
    }

    this.addCorsPreflights(props);

    Validations.of(this.restApi).acknowledge(
      {
        id: 'AwsSolutions-APIG2',
        reason:
          'Requests are validated in the handlers with the zod schemas of shared/api/schemas.ts, ' +
          'which the local gateway and tests share; the Stripe webhook must reach its handler ' +
          'byte for byte for the signature check.',
      },
      {
        id: 'AwsSolutions-APIG3',
        reason:
          'No WAF yet: stage throttling and the token authorizers bound abuse; a web ACL is a ' +
          'per-request cost to decide on with production traffic figures.',
      },
    );
  }
  /**
   * OPTIONS on each path the page calls (not the Stripe webhook), answered by the gateway itself
   * for the page's origin only. The routes' own answers carry the origin via WEB_ORIGIN.
   */
  private addCorsPreflights(props: ApiProps): void {
    const methodsByPath = new Map<string, string[]>();
    for (const route of props.routes) {
      // Stripe and the DasWos services call server to server: no browser, no preflight.
      if (route.caller === 'stripe' || route.caller === 'service') continue;
      const methods = methodsByPath.get(route.path) ?? [];
      methodsByPath.set(route.path, [...methods, route.method]);
    }
    for (const [routePath, methods] of methodsByPath) {
      // Unauthorized by nature (browsers send preflights without credentials); cdk-nag's APIG4
      // and COG4 exempt OPTIONS methods, so there is nothing to acknowledge (test/infra/nag).
      this.restApi.root.resourceForPath(`${API_BASE_PATH}${routePath}`).addCorsPreflight({
        allowOrigins: [props.webOrigin],
        allowHeaders: CORS_ALLOW_HEADERS,
        allowMethods: methods,
        // Browsers cap this (Chromium at 2 hours); an hour spares most preflights.
        maxAge: Duration.hours(1),
      });
    }
  }
}
