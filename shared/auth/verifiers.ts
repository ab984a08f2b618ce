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

/** Issuer of a pool's tokens, as Cognito writes it in `iss`. */
export function cognitoIssuer(userPoolId: string): string {
  const region = userPoolId.split('_')[0];
  return `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`;
}

function createVerifier(settings: CognitoSettings, group: string | null) {
  // Access tokens (client_id) and ID tokens (aud) are both accepted; aws-jwt-verify checks the
  // signature against the pool's JWKS, `iss`, `exp`, `token_use`, the client and the group.
  return CognitoJwtVerifier.create({
    userPoolId: settings.userPoolId,
    clientId: settings.clientId,
    tokenUse: null,
    groups: group,
    // aws-jwt-verify checks `exp` only when present; Cognito always sets it, so a token without
    // one was not issued by Cognito for this pool, whatever signed it.
    customJwtCheck: ({ payload }) => {
      if (typeof payload.exp !== 'number') throw new Error('The token has no expiry');
    },
  });
}

export type TokenVerifier = ReturnType<typeof createVerifier>;

let verifiers: { user: TokenVerifier; admin: TokenVerifier } | undefined;

/** One verifier per kind and process, so the JWKS is fetched once per cold start and cached. */
export function tokenVerifiers(): { user: TokenVerifier; admin: TokenVerifier } {
  if (!verifiers) {
    const settings = cognitoSettingsFromEnv();
    verifiers = {
      user: createVerifier(settings, null),
      admin: createVerifier(settings, ADMIN_GROUP),
    };
  }
  return verifiers;
}
