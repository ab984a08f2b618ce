import { CognitoJwtInvalidGroupError } from 'aws-jwt-verify/error';
import type { APIGatewayAuthorizerResult, APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
import type { AuthorizerContext, AuthorizerDenial } from '#shared/auth/caller';
import type { TokenVerifier } from '#shared/auth/verifiers';
import { logger } from '#shared/logger';

export interface AuthorizeOptions {
  /** `iss` of tokens that were signed in with MFA (the admin pool's). */
  readonly mfaIssuer: string;
  /** Admin routes: a token without MFA is denied with MFA_REQUIRED, whatever its groups. */
  readonly requireMfa?: boolean;
  /** A token this verifier refuses that is still a valid token of another caller kind (a
   * service's, on a user route) is answered 403, not 401: it is authentic, just not for here. */
  readonly isOtherCallerKind?: (token: string) => Promise<boolean>;
}

/**
 * The API Gateway TOKEN authorizer. API Gateway answers 401 when an authorizer throws
 * `Unauthorized` and 403 when it returns a Deny policy: a missing or invalid token is the first,
 * a valid token outside the required group, or without MFA where it is required, the second. A
 * Deny carries its code and message in its context, which the ACCESS_DENIED gateway response
 * writes into the body (infra/gateway-responses.ts).
 */
export async function authorize(
  verifier: TokenVerifier,
  event: APIGatewayTokenAuthorizerEvent,
  options: AuthorizeOptions,
): Promise<APIGatewayAuthorizerResult> {
  // The scheme name is case-insensitive (RFC 7235 section 2.1): `bearer` and `BEARER` are Bearer.
  const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/i.exec(event.authorizationToken ?? '');
  if (!match?.[1]) throw new Error('Unauthorized');
  // The policy covers the whole stage so that a cached decision holds for every route it guards.
  const resource = event.methodArn.split('/').slice(0, 2).join('/').concat('/*');
  try {
    const payload = await verifier.verify(match[1]);
    const groups = (payload['cognito:groups'] ?? []) as string[];
    const mfa = payload.iss === options.mfaIssuer;
    if (options.requireMfa && !mfa) return deny(resource, MFA_REQUIRED);
    const context: AuthorizerContext = {
      userId: payload.sub,
      groups: groups.join(','),
      mfa: String(mfa),
    };
    return policy(payload.sub, 'Allow', resource, { ...context });
  } catch (error) {
    if (error instanceof CognitoJwtInvalidGroupError) return deny(resource, FORBIDDEN);
    if (await options.isOtherCallerKind?.(match[1])) return deny(resource, FORBIDDEN);
    logger.info('token rejected', { reason: error instanceof Error ? error.name : 'unknown' });
    throw new Error('Unauthorized');
  }
}

const FORBIDDEN: AuthorizerDenial = {
  errorCode: 'FORBIDDEN',
  errorMessage: 'You are not allowed to use this endpoint',
};
const MFA_REQUIRED: AuthorizerDenial = {
  errorCode: 'MFA_REQUIRED',
  errorMessage: 'Admin endpoints need a sign-in with multi-factor authentication',
};

function deny(resource: string, denial: AuthorizerDenial): APIGatewayAuthorizerResult {
  return policy('denied', 'Deny', resource, { ...denial });
}

function policy(
  principalId: string,
  effect: 'Allow' | 'Deny',
  resource: string,
  context: Record<string, string>,
): APIGatewayAuthorizerResult {
  return {
    principalId,
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: resource }],
    },
    context,
  };
}
