import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  FeaturePlan,
  Mfa,
  UserPool,
  type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import type { Construct } from 'constructs';
import type { StageConfig } from '#infra/stage-config';
import { ADMIN_GROUP } from '#shared/auth/groups';

/**
 * The admins' own user pool. Cognito can require MFA per pool, not per group, and its tokens do
 * not say whether MFA was used: so admins live in a pool with MFA REQUIRED (TOTP), no self
 * sign-up, and short-lived tokens, and the admin authorizer accepts only tokens whose `iss` is
 * this pool (shared/auth/verifiers.ts). A stolen password alone signs in nowhere that matters.
 */
export function createAdminPool(
  scope: Construct,
  config: StageConfig,
): { readonly pool: UserPool; readonly client: UserPoolClient } {
  const pool = new UserPool(scope, 'AdminUserPool', {
    userPoolName: `daswos-coins-admins-${config.stage}`,
    // Admins are created by an operator (admin-create-user), never by signing up.
    selfSignUpEnabled: false,
    signInAliases: { email: true },
    standardAttributes: { email: { required: true, mutable: true } },
    passwordPolicy: {
      minLength: 14,
      requireLowercase: true,
      requireUppercase: true,
      requireDigits: true,
      requireSymbols: true,
      tempPasswordValidity: Duration.days(1),
    },
    mfa: Mfa.REQUIRED,
    mfaSecondFactor: { otp: true, sms: false },
    accountRecovery: AccountRecovery.EMAIL_ONLY,
    featurePlan: FeaturePlan.ESSENTIALS,
    deletionProtection: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  Validations.of(pool).acknowledge({
    id: 'AwsSolutions-COG8',
    reason:
      'Threat protection needs the Cognito Plus plan (billed per monthly active user, not ' +
      'approved); this pool already requires TOTP MFA and has no self sign-up.',
  });
  const client = pool.addClient('AdminClient', {
    userPoolClientName: `daswos-coins-admin-${config.stage}`,
    generateSecret: false,
    authFlows: { userSrp: true },
    preventUserExistenceErrors: true,
    // A stolen admin token is worth less the sooner it expires.
    accessTokenValidity: Duration.minutes(15),
    idTokenValidity: Duration.minutes(15),
    refreshTokenValidity: Duration.hours(12),
  });
  pool.addGroup('AdminGroup', {
    groupName: ADMIN_GROUP,
    description: 'May give coins, approve grants and freeze wallets; MFA is required in this pool',
  });
  return { pool, client };
}
