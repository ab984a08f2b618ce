import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  FeaturePlan,
  Mfa,
  OAuthScope,
  UserPool,
  type UserPoolClient,
  UserPoolClientIdentityProvider,
  type UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { createAdminPool } from '#infra/stack/admin-pool';
import { ServiceFunction } from '#infra/stack/service-function';
import type { StageConfig } from '#infra/stage-config';
import { ADMIN_GROUP } from '#shared/auth/groups';
import { walletsTable } from '#shared/tables';

export interface AuthProps {
  readonly config: StageConfig;
  readonly wallets: Table;
  /** The web page's origin (https://<id>.cloudfront.net): the hosted UI returns there. */
  readonly webUrl: string;
}

/** Where the page takes the hosted UI's answer: CALLBACK_PATH in web/src/auth/cognito-authenticator.ts. */
export const WEB_CALLBACK_PATH = '/auth/callback';

/**
 * Who the callers are: the Cognito user pool, its app client, the `admin` group, the
 * post-confirmation trigger that opens every new user's wallet, and the two token authorizers'
 * functions (aws-jwt-verify against this pool and client).
 */
export class Auth extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  /** The hosted UI the web page signs in through. */
  readonly domain: UserPoolDomain;
  /** Admins sign in here, with MFA required (admin-pool.ts). */
  readonly adminPool: UserPool;
  readonly adminClient: UserPoolClient;
  readonly userAuthorizer: ServiceFunction;
  readonly adminAuthorizer: ServiceFunction;
  readonly createWallet: ServiceFunction;

  constructor(scope: Construct, id: string, props: AuthProps) {
    super(scope, id);
    const { config, wallets, webUrl } = props;

    this.createWallet = new ServiceFunction(this, 'CreateWalletOnSignUp', {
      handler: 'create-wallet-on-sign-up',
      description: 'Cognito post-confirmation: opens the new user’s wallet',
      config,
      environment: { [walletsTable.envVar]: wallets.tableName },
      // createWallet: a conditional Put, then a Get when the wallet already exists.
      statements: [
        new PolicyStatement({
          actions: ['dynamodb:PutItem', 'dynamodb:GetItem'],
          resources: [wallets.tableArn],
        }),
      ],
    });

    this.userPool = new UserPool(this, 'UserPool', {
      userPoolName: `daswos-coins-${config.stage}`,
      selfSignUpEnabled: true,
      signInAliases: { email: true },
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      // TOTP only: SMS would need an SNS spending limit and origination numbers per country.
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.ESSENTIALS,
      lambdaTriggers: { postConfirmation: this.createWallet.function },
      // Users own wallets: losing the pool would orphan every balance.
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.userPool).acknowledge(
      {
        id: 'AwsSolutions-COG2',
        reason:
          'MFA is optional (TOTP) so that sign-up stays open to everyone; the wallet holds coins ' +
          'bought for small amounts. Admins sign in to their own pool, where MFA is required.',
      },
      {
        id: 'AwsSolutions-COG8',
        reason:
          'Threat protection (risky sign-in detection, compromised-password checks) needs the ' +
          'Cognito Plus feature plan, billed per monthly active user, a cost the owner has not ' +
          'approved; Essentials covers email sign-in, TOTP MFA and the password policy. Revisit ' +
          'before launch.',
      },
    );

    this.client = this.userPool.addClient('WebClient', {
      userPoolClientName: `daswos-coins-web-${config.stage}`,
      // A public (browser) client: no secret. The web page signs in through the hosted UI with
      // the code flow and PKCE (oidc-client-ts); SRP stays for clients with their own form.
      generateSecret: false,
      authFlows: { userSrp: true },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [`${webUrl}${WEB_CALLBACK_PATH}`],
        // The page's sign-out sends logout_uri=<origin>/ to the hosted UI's /logout.
        logoutUrls: [`${webUrl}/`],
      },
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
    });

    // Hosted-UI prefixes are global across AWS: the account id makes the stage's prefix unique.
    this.domain = this.userPool.addDomain('HostedUi', {
      cognitoDomain: { domainPrefix: `daswos-coins-${config.stage}-${Stack.of(this).account}` },
    });

    // The admin group lives in the admins' pool, where MFA is required; an admin group here
    // would let a password-only sign-in claim it.
    const admins = createAdminPool(this, config);
    this.adminPool = admins.pool;
    this.adminClient = admins.client;

    const cognitoEnvironment = {
      COGNITO_USER_POOL_ID: this.userPool.userPoolId,
      COGNITO_CLIENT_ID: this.client.userPoolClientId,
      COGNITO_ADMIN_USER_POOL_ID: this.adminPool.userPoolId,
      COGNITO_ADMIN_CLIENT_ID: this.adminClient.userPoolClientId,
    };
    // Authorizers only verify JWTs against the pool's public keys: no AWS permissions at all.
    this.userAuthorizer = new ServiceFunction(this, 'UserAuthorizer', {
      handler: 'authorize-user',
      description: 'API Gateway token authorizer: any signed-in user',
      config,
      environment: cognitoEnvironment,
      timeout: Duration.seconds(5),
    });
    this.adminAuthorizer = new ServiceFunction(this, 'AdminAuthorizer', {
      handler: 'authorize-admin',
      description: `API Gateway token authorizer: the ${ADMIN_GROUP} group, signed in with MFA`,
      config,
      environment: cognitoEnvironment,
      timeout: Duration.seconds(5),
    });
  }
}
