import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { serviceClientsFromEnv } from '#shared/services/service-clients';

function createServiceVerifier(userPoolId: string, clientIds: readonly string[]) {
  // Client-credentials access tokens of the configured services only: the signature against the
  // pool's JWKS, `iss`, `exp`, `token_use: access` and `client_id`. Scopes are checked per route
  // by the authorizer and again by the handler.
  return CognitoJwtVerifier.create({
    userPoolId,
    tokenUse: 'access',
    clientId: [...clientIds],
    customJwtCheck: ({ payload }) => {
      if (typeof payload.exp !== 'number') throw new Error('The token has no expiry');
    },
  });
}

export type ServiceTokenVerifier = ReturnType<typeof createServiceVerifier>;

let verifier: ServiceTokenVerifier | undefined;

/** One per process, so the JWKS is fetched once per cold start (and primed once locally). */
export function serviceTokenVerifier(): ServiceTokenVerifier {
  const userPoolId = process.env.COGNITO_USER_POOL_ID;
  if (!userPoolId) throw new Error('COGNITO_USER_POOL_ID must be set');
  verifier ??= createServiceVerifier(userPoolId, [...serviceClientsFromEnv().keys()]);
  return verifier;
}

/** Whether a token is a configured service's valid access token (false when none is configured). */
export async function isServiceToken(token: string): Promise<boolean> {
  try {
    await serviceTokenVerifier().verify(token);
    return true;
  } catch {
    return false;
  }
}
