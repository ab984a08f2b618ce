import { existsSync } from 'node:fs';
import * as path from 'node:path';
import {
  Aws,
  BOOTSTRAP_QUALIFIER_CONTEXT,
  type CfnElement,
  DefaultStackSynthesizer,
  Duration,
  RemovalPolicy,
  Stack,
  Token,
  Validations,
} from 'aws-cdk-lib';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct, type IConstruct } from 'constructs';
import type { StageConfig } from '#infra/stage-config';

/** Where `npm run build:web` writes the page; the default source of the deployment. */
export const WEB_DIST = path.resolve(__dirname, '..', '..', 'web', 'dist');

/** What web/src/lib/runtime-config.ts reads from `/config.json`. */
export interface WebRuntimeConfig {
  /** The API stage URL without a trailing slash; the page appends /api/daswos-coins/... */
  readonly apiBaseUrl: string;
  readonly auth: {
    readonly mode: 'cognito';
    readonly userPoolId: string;
    readonly clientId: string;
    /** The hosted UI's base URL, https://<prefix>.auth.<region>.amazoncognito.com */
    readonly domain: string;
  };
}

export interface WebHostingProps {
  readonly config: StageConfig;
}

/**
 * The built page on a private S3 bucket behind CloudFront (origin access control). Created
 * before Auth and the API, which need its URL (OAuth callback, CORS origin); the files and the
 * runtime configuration naming those come later, with `publish`, so nothing depends in a circle.
 */
export class WebHosting extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  /** `https://<id>.cloudfront.net`, no trailing slash: the page's origin. */
  readonly url: string;
  private readonly config: StageConfig;
  /** Set by `publish`: the role of CDK's upload function, the stack's only non-service role. */
  deployRole: Role | undefined;
  private deployment: BucketDeployment | undefined;

  constructor(scope: Construct, id: string, props: WebHostingProps) {
    super(scope, id);
    const { config } = props;
    this.config = config;

    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // Retained like the rest of the stack's stateful parts: auto-deletion would add one more
      // Lambda allowed to empty the bucket. What it holds is a rebuildable, public page, so a
      // kept bucket costs cents and holds nothing secret (README, "Tearing down").
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'Nobody reads this bucket but CloudFront (origin access control, public access ' +
        'blocked): server access logs would only record CloudFront fetching the public page.',
    });

    this.distribution = new Distribution(this, 'Distribution', {
      comment: `DasWos Coins web page (${config.stage})`,
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        compress: true,
        responseHeadersPolicy: this.securityHeaders(),
      },
      // The page routes on the client (/daswos-coins/success, /auth/callback): any path that is
      // no file gets index.html. The bucket answers 403 for a missing key (no ListBucket).
      errorResponses: [403, 404].map((httpStatus) => ({
        httpStatus,
        responseHttpStatus: 200,
        responsePagePath: '/index.html',
        ttl: Duration.seconds(10),
      })),
    });
    this.url = `https://${this.distribution.distributionDomainName}`;

    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason:
          'Coins are sold to DasWos users wherever they are; no country is excluded by the ' +
          'business, and Stripe applies its own country rules at checkout.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'The distribution serves static files only; every data request goes to the API, ' +
          'which is throttled and behind token authorizers. A web ACL is a per-request cost to ' +
          'decide with production traffic, like the API (APIG3).',
      },
      {
        id: 'AwsSolutions-CFR3',
        reason:
          'Standard logs of a static page need a log bucket with ACLs enabled; the API access ' +
          'log already records every request that reads or moves coins.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          'The default *.cloudfront.net certificate cannot set a minimum TLS version; that needs ' +
          'a custom domain with an ACM certificate, which the owner has not chosen yet. Browsers ' +
          'negotiate TLS 1.2+ anyway.',
      },
    );
  }

  /**
   * Uploads the built page and writes `/config.json` beside it, then invalidates the cache.
   * The build's own config.json (local mode, from web/public) is left out so it cannot win.
   */
  publish(sourceDir: string, runtimeConfig: WebRuntimeConfig): BucketDeployment {
    if (this.deployment) throw new Error('WebHosting.publish: the page is already published');
    if (!existsSync(path.join(sourceDir, 'index.html'))) {
      throw new Error(
        `${sourceDir}/index.html not found: run \`npm run build:web\` first ` +
          '(`npm run synth` and `npm run deploy` do).',
      );
    }
    // A role and log group of our own: no managed policy, and logs that expire.
    const role = new Role(this, 'DeployRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'Copies the built web page into its bucket and invalidates CloudFront',
    });
    const logGroup = new LogGroup(this, 'DeployLogs', { retention: this.config.logRetention });
    logGroup.grantWrite(role);
    this.deployRole = role;

    this.deployment = new BucketDeployment(this, 'Deploy', {
      sources: [
        // Source maps would publish the unminified source; the page does not need them.
        Source.asset(sourceDir, { exclude: ['config.json', '**/*.map'] }),
        Source.jsonData('config.json', runtimeConfig),
      ],
      destinationBucket: this.bucket,
      distribution: this.distribution,
      distributionPaths: ['/*'],
      // Revalidate every file: index.html must never outlive the hashed assets it names (the
      // deployment prunes old ones); ETags keep revalidation cheap.
      cacheControl: [CacheControl.setPublic(), CacheControl.noCache()],
      role,
      logGroup,
    });
    this.acknowledgeDeployment(role, this.deployment);
    return this.deployment;
  }

  private securityHeaders(): ResponseHeadersPolicy {
    const region = Aws.REGION;
    // The API and Cognito URLs are not known here (they depend on this distribution), so
    // connect-src names their regional host patterns instead.
    const csp = [
      "default-src 'self'",
      `connect-src 'self' https://*.execute-api.${region}.amazonaws.com https://cognito-idp.${region}.amazonaws.com https://*.auth.${region}.amazoncognito.com`,
      "img-src 'self' data:",
      "object-src 'none'",
      "base-uri 'self'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ].join('; ');
    return new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      // Policy names are account-wide (CloudFront is global): the region keeps one stage
      // deployable in two regions of the same account.
      responseHeadersPolicyName: `daswos-coins-${this.config.stage}-${region}-security-headers`,
      comment: 'DasWos Coins page: CSP, HSTS, no framing, no sniffing',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: csp, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: {
          referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          override: true,
        },
      },
    });
  }

  /** The deployment's handler is CDK's own (Python + AWS CLI layer), with CDK's own grants. */
  private acknowledgeDeployment(role: Role, deployment: BucketDeployment): void {
    const stack = Stack.of(this);
    const granted = (scope: IConstruct, finding: string, reason: string) =>
      Validations.of(scope).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason });
    const objects =
      "CDK's BucketDeployment grant (bucket.grantReadWrite): it syncs the whole page into this " +
      'bucket and prunes files the new build no longer has, so it needs every object of this ' +
      'one bucket, and nothing in any other bucket.';
    for (const action of ['GetObject*', 'GetBucket*', 'List*', 'DeleteObject*', 'Abort*'])
      granted(role, `Action::s3:${action}`, objects);
    const bucket = stack.getLogicalId(this.bucket.node.defaultChild as CfnElement);
    granted(role, `Resource::<${bucket}.Arn>/*`, objects);
    granted(
      role,
      `Resource::${bootstrapAssetObjects(stack)}`,
      "CDK's BucketDeployment reads the zipped page from the CDK bootstrap asset bucket, whose " +
        'object keys are content hashes unknown until synthesis: read-only, that bucket only.',
    );
    // Added by BucketDeployment to its handler as an inline policy of its own.
    granted(
      deployment,
      'Resource::*',
      'cloudfront:CreateInvalidation and GetInvalidation after each upload: BucketDeployment ' +
        'adds this statement on Resource * itself, and it cannot be narrowed from outside.',
    );
    const handler = stack.node.children.find((child) =>
      child.node.id.startsWith('Custom::CDKBucketDeployment'),
    );
    if (handler) {
      Validations.of(handler).acknowledge({
        id: 'AwsSolutions-L1',
        reason:
          "CDK's BucketDeployment handler: its runtime is chosen by aws-cdk-lib (it runs only " +
          'during deployments, never on user traffic); upgrading aws-cdk-lib moves it.',
      });
    }
  }
}

/**
 * The bootstrap asset bucket's objects as cdk-nag prints them: pseudo parameters as
 * `<AWS::...>` unless the stack's environment (or cdk.json's partition flag) makes them literal.
 */
function bootstrapAssetObjects(stack: Stack): string {
  const literal = (value: string, name: string) =>
    Token.isUnresolved(value) ? `<AWS::${name}>` : value;
  const qualifier =
    (stack.node.tryGetContext(BOOTSTRAP_QUALIFIER_CONTEXT) as string | undefined) ??
    DefaultStackSynthesizer.DEFAULT_QUALIFIER;
  const partition = literal(stack.partition, 'Partition');
  const account = literal(stack.account, 'AccountId');
  const region = literal(stack.region, 'Region');
  return `arn:${partition}:s3:::cdk-${qualifier}-assets-${account}-${region}/*`;
}
