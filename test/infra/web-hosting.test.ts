import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { type RouteDefinition, routes as routeTable } from '#infra/routes';
import { CORS_ALLOW_HEADERS } from '#infra/stack/api';
import { WEB_CALLBACK_PATH } from '#infra/stack/auth';
import { environmentOf } from '#test/infra/support/functions';
import {
  logicalId,
  referencedIds,
  resource,
  resources,
  type Synthesized,
  synthesize,
} from '#test/infra/support/synth';

const routes: readonly RouteDefinition[] = routeTable;

let dev: Synthesized;
beforeAll(() => {
  dev = synthesize();
});
afterAll(() => dev?.cleanUp());

type Props = Record<string, unknown>;
const only = (type: string) => {
  const found = Object.entries(resources(dev.template, type));
  expect(found).toHaveLength(1);
  const [id, value] = found[0] ?? [];
  return { id: id ?? '', props: (value?.Properties ?? {}) as Props };
};
const distributionConfig = () =>
  only('AWS::CloudFront::Distribution').props.DistributionConfig as {
    Origins: { DomainName: unknown; OriginAccessControlId?: unknown; S3OriginConfig: Props }[];
    DefaultCacheBehavior: Props & { ResponseHeadersPolicyId: unknown };
    DefaultRootObject: string;
    CustomErrorResponses: Props[];
  };
/** `{ Ref: X }` as `<X>`, so a value built of parts reads as one string. */
const render = (value: unknown): string => {
  if (typeof value === 'string') return value;
  const object = value as { Ref?: string; 'Fn::Join'?: [string, unknown[]] };
  if (object.Ref) return `<${object.Ref}>`;
  if (object['Fn::Join']) return object['Fn::Join'][1].map(render).join(object['Fn::Join'][0]);
  return JSON.stringify(value);
};
const webBucket = () => logicalId(dev.stack.web.bucket);
const webUrl = () => `https://<${logicalId(dev.stack.web.distribution)}.DomainName>`;
const renderAtt = (value: unknown): string =>
  render(value).replace(/\{"Fn::GetAtt":\["(\w+)","(\w+)"\]\}/g, '<$1.$2>');

describe('the bucket', () => {
  test('private: all public access blocked, S3-managed encryption, kept on tear-down', () => {
    const bucket = resource(dev.template, webBucket());
    expect(bucket.DeletionPolicy).toBe('Retain');
    expect(bucket.Properties).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
        ],
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
  });

  test('its policy denies plain HTTP and lets only this distribution read objects', () => {
    const { props } = only('AWS::S3::BucketPolicy');
    const statements = (props.PolicyDocument as { Statement: Props[] }).Statement;
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Action: 's3:*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
    const allows = statements.filter((s) => s.Effect === 'Allow');
    expect(allows).toHaveLength(1);
    expect(allows[0]).toMatchObject({
      Action: 's3:GetObject',
      Principal: { Service: 'cloudfront.amazonaws.com' },
    });
    const condition = ((allows[0]?.Condition ?? {}) as { StringEquals: Props }).StringEquals;
    expect(referencedIds(condition['AWS:SourceArn'])).toEqual([
      logicalId(dev.stack.web.distribution),
    ]);
  });
});

describe('the distribution', () => {
  test('reads the bucket through origin access control, with no OAI', () => {
    const [origin, ...more] = distributionConfig().Origins;
    expect(more).toHaveLength(0);
    expect(referencedIds(origin?.DomainName)).toEqual([webBucket()]);
    const [oac] = referencedIds(origin?.OriginAccessControlId);
    expect(resource(dev.template, oac ?? '').Properties).toMatchObject({
      OriginAccessControlConfig: {
        OriginAccessControlOriginType: 's3',
        SigningBehavior: 'always',
        SigningProtocol: 'sigv4',
      },
    });
    expect(origin?.S3OriginConfig.OriginAccessIdentity).toBe('');
    dev.template.resourceCountIs('AWS::CloudFront::CloudFrontOriginAccessIdentity', 0);
  });

  test('HTTPS only, index.html at the root, and every unknown path answered by the page', () => {
    const config = distributionConfig();
    expect(config.DefaultCacheBehavior).toMatchObject({
      ViewerProtocolPolicy: 'redirect-to-https',
      AllowedMethods: ['GET', 'HEAD'],
    });
    expect(config.DefaultRootObject).toBe('index.html');
    // /daswos-coins/success and /auth/callback are client routes: no such key in the bucket.
    for (const code of [403, 404]) {
      expect(config.CustomErrorResponses).toContainEqual(
        expect.objectContaining({
          ErrorCode: code,
          ResponseCode: 200,
          ResponsePagePath: '/index.html',
        }),
      );
    }
  });

  test('security headers: CSP allowing only the API and Cognito, HSTS, no framing', () => {
    const [policy] = referencedIds(
      distributionConfig().DefaultCacheBehavior.ResponseHeadersPolicyId,
    );
    const headers = (
      resource(dev.template, policy ?? '').Properties as {
        ResponseHeadersPolicyConfig: {
          SecurityHeadersConfig: Props & { ContentSecurityPolicy: Props };
        };
      }
    ).ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    expect(headers).toMatchObject({
      FrameOptions: { FrameOption: 'DENY', Override: true },
      ContentTypeOptions: { Override: true },
      StrictTransportSecurity: { AccessControlMaxAgeSec: 31_536_000, IncludeSubdomains: true },
    });
    const csp = render(headers.ContentSecurityPolicy.ContentSecurityPolicy);
    expect(csp).toContain(
      "connect-src 'self' https://*.execute-api.<AWS::Region>.amazonaws.com " +
        'https://cognito-idp.<AWS::Region>.amazonaws.com https://*.auth.<AWS::Region>.amazoncognito.com;',
    );
    expect(csp).toContain("frame-ancestors 'none'");
  });

  test('the stack prints the page URL', () => {
    const outputs = dev.template.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(renderAtt(outputs.WebUrl?.Value)).toBe(webUrl());
  });
});

describe('the deployment', () => {
  const deployment = () =>
    only('Custom::CDKBucketDeployment').props as {
      SourceObjectKeys: string[];
      SourceMarkers: Record<string, unknown>[];
      DestinationBucketName: unknown;
      DistributionId: unknown;
      DistributionPaths: string[];
    };
  /** The staged copy of a deployment source in the cloud assembly. */
  const staged = (index: number) => {
    const key = deployment().SourceObjectKeys[index] ?? '';
    return path.join(dev.assembly.directory, `asset.${key.replace(/\.zip$/, '')}`);
  };

  test('uploads the built page into the bucket and invalidates the distribution', () => {
    const props = deployment();
    expect(referencedIds(props.DestinationBucketName)).toEqual([webBucket()]);
    expect(referencedIds(props.DistributionId)).toEqual([logicalId(dev.stack.web.distribution)]);
    expect(props.DistributionPaths).toEqual(['/*']);
    // The build's own local-mode config.json stays behind; the stack writes the real one.
    expect(readdirSync(staged(0)).sort()).toEqual(['index.html']);
  });

  test('config.json: the API URL (no trailing slash) and the Cognito ids, as the page reads them', () => {
    const markers = deployment().SourceMarkers[1] ?? {};
    const text = readFileSync(path.join(staged(1), 'config.json'), 'utf8').replace(
      /<<marker:0xbaba:\d+>>/g,
      (marker) => render(markers[marker]),
    );
    const api = logicalId(dev.stack.api.restApi);
    const stage = logicalId(dev.stack.api.restApi.deploymentStage);
    expect(JSON.parse(text)).toEqual({
      apiBaseUrl: `https://<${api}>.execute-api.<AWS::Region>.<AWS::URLSuffix>/<${stage}>`,
      auth: {
        mode: 'cognito',
        userPoolId: `<${logicalId(dev.stack.auth.userPool)}>`,
        clientId: `<${logicalId(dev.stack.auth.client)}>`,
        domain: `https://<${logicalId(dev.stack.auth.domain)}>.auth.<AWS::Region>.amazoncognito.com`,
      },
    });
  });
});

describe('the page signs in through the hosted UI and calls the API cross-origin', () => {
  test('the app client: code flow for the page’s callback and sign-out URLs', () => {
    const client = resource(dev.template, logicalId(dev.stack.auth.client)).Properties as Props;
    expect(client).toMatchObject({
      GenerateSecret: false,
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: expect.arrayContaining(['openid', 'email', 'profile']),
      SupportedIdentityProviders: ['COGNITO'],
    });
    expect((client.CallbackURLs as unknown[]).map(renderAtt)).toEqual([
      `${webUrl()}${WEB_CALLBACK_PATH}`,
    ]);
    expect((client.LogoutURLs as unknown[]).map(renderAtt)).toEqual([`${webUrl()}/`]);
  });

  test('the callback path is the one the page uses', () => {
    const source = readFileSync(
      path.resolve(__dirname, '..', '..', 'web', 'src', 'auth', 'cognito-authenticator.ts'),
      'utf8',
    );
    expect(source).toContain(`export const CALLBACK_PATH = '${WEB_CALLBACK_PATH}';`);
  });

  test('preflights allow the page’s origin only, with the headers it sends', () => {
    const preflights = Object.values(resources(dev.template, 'AWS::ApiGateway::Method')).filter(
      (method) => method.Properties?.HttpMethod === 'OPTIONS',
    );
    const browserPaths = new Set(
      routes.filter((r) => r.caller !== 'stripe' && r.caller !== 'service').map((r) => r.path),
    );
    expect(preflights).toHaveLength(browserPaths.size);
    for (const preflight of preflights) {
      const integration = preflight.Properties?.Integration as {
        Type: string;
        IntegrationResponses: { ResponseParameters: Record<string, unknown> }[];
      };
      expect(integration.Type).toBe('MOCK');
      const headers = integration.IntegrationResponses[0]?.ResponseParameters ?? {};
      const header = (name: string) => renderAtt(headers[`method.response.header.${name}`]);
      expect(header('Access-Control-Allow-Origin')).toBe(`'${webUrl()}'`);
      expect(header('Access-Control-Allow-Headers')).toBe(`'${CORS_ALLOW_HEADERS.join(',')}'`);
      expect(header('Vary')).toBe("'Origin'");
    }
  });

  test('the gateway’s own error answers name the page’s origin too', () => {
    const answers = Object.values(resources(dev.template, 'AWS::ApiGateway::GatewayResponse'));
    expect(answers.length).toBeGreaterThan(0);
    for (const answer of answers) {
      const headers = answer.Properties?.ResponseParameters as Record<string, unknown>;
      expect(renderAtt(headers['gatewayresponse.header.Access-Control-Allow-Origin'])).toBe(
        `'${webUrl()}'`,
      );
    }
  });

  test('route functions answer with WEB_ORIGIN (not the webhook); Checkout returns to the page', () => {
    for (const route of routes) {
      const env = environmentOf(dev.template, dev.stack.routeFunctions.functionFor(route.handler));
      if (route.caller === 'stripe') expect(env.WEB_ORIGIN).toBeUndefined();
      else expect(renderAtt(env.WEB_ORIGIN)).toBe(webUrl());
      // No clientUrl context in this synthesis: the hosted page is where buyers come back.
      if (route.stripe) expect(renderAtt(env.CLIENT_URL)).toBe(webUrl());
    }
  });
});
