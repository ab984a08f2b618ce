import { CognitoJwtVerifier } from 'aws-jwt-verify';

import { ADMIN_GROUP } from '#shared/auth/groups';

export interface CognitoSettings {
  readonly userPoolId: string;
  readonly clientId: string;
}

export function cognitoSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): CognitoSettings {
  const userPoolId = env.COGNITO_USER_POOL_ID;
  const clientId = env.COGNITO_CLIENT_ID;
  if (!userPoolId || !clientId) {
    throw new Error('COGNITO_USER_POOL_ID and COGNITO_CLIENT_ID must be set');
  }
  return { userPoolId, clientId };
}

/**
 * The admins' own user pool, where MFA is REQUIRED (infra/stack/admin-auth.ts): Cognito issues
 * its tokens only after the second factor, and its tokens name it in `iss`. Cognito can require
 * MFA per pool, not per group, and its tokens carry no claim saying MFA was used; a pool of its
 * own is how an admin token proves it.
 */
export function adminCognitoSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): CognitoSettings {
  const userPoolId = env.COGNITO_ADMIN_USER_POOL_ID;
  const clientId = env.COGNITO_ADMIN_CLIENT_ID;
  if (!userPoolId || !clientId) {
    throw new Error('COGNITO_ADMIN_USER_POOL_ID and COGNITO_ADMIN_CLIENT_ID must be set');
  }
  return { userPoolId, clientId };
}

/** Issuer of a pool's tokens, as Cognito writes it in `iss`. */
export function cognitoIssuer(userPoolId: string): string {
  const region = userPoolId.split('_')[0];
  return `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`;
}

function poolProperties(settings: CognitoSettings, group: string | null) {
  // Access tokens (client_id) and ID tokens (aud) are both accepted; aws-jwt-verify checks the
  // signature against the pool's JWKS, `iss`, `exp`, `token_use`, the client and the group.
  return {
    userPoolId: settings.userPoolId,
    clientId: settings.clientId,
    tokenUse: null,
    groups: group,
    // aws-jwt-verify checks `exp` only when present; Cognito always sets it, so a token without
    // one was not issued by Cognito for this pool, whatever signed it.
    customJwtCheck: ({ payload }: { payload: { exp?: unknown } }) => {
      if (typeof payload.exp !== 'number') throw new Error('The token has no expiry');
    },
  };
}

/**
 * Both pools, each with its own client. The admin pool's tokens serve user routes too (an admin
 * is also a user); the users' pool's tokens reach the admin check only to be told MFA_REQUIRED
 * (authorize.ts), should one ever carry the admin group.
 */
function createVerifier(users: CognitoSettings, admins: CognitoSettings, group: string | null) {
  return CognitoJwtVerifier.create([poolProperties(admins, group), poolProperties(users, group)]);
}

export type TokenVerifier = ReturnType<typeof createVerifier>;

export interface TokenVerifiers {
  readonly user: TokenVerifier;
  readonly admin: TokenVerifier;
  /** `iss` of tokens signed in with MFA: the admin pool's. */
  readonly mfaIssuer: string;
  readonly pools: { readonly users: string; readonly admins: string };
}

let verifiers: TokenVerifiers | undefined;

/** One verifier per kind and process, so the JWKS is fetched once per cold start and cached. */
export function tokenVerifiers(): TokenVerifiers {
  if (!verifiers) {
    const users = cognitoSettingsFromEnv();
    const admins = adminCognitoSettingsFromEnv();
    verifiers = {
      user: createVerifier(users, admins, null),
      admin: createVerifier(users, admins, ADMIN_GROUP),
      mfaIssuer: cognitoIssuer(admins.userPoolId),
      pools: { users: users.userPoolId, admins: admins.userPoolId },
    };
  }
  return verifiers;
}
