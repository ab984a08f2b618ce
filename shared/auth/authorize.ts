import { CognitoJwtInvalidGroupError } from 'aws-jwt-verify/error';
import type { APIGatewayAuthorizerResult, APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
import type { AuthorizerContext } from '#shared/auth/caller';
import type { TokenVerifier } from '#shared/auth/verifiers';
import { logger } from '#shared/logger';

/**
 * The API Gateway TOKEN authorizer. API Gateway answers 401 when an authorizer throws
 * `Unauthorized` and 403 when it returns a Deny policy: a missing or invalid token is the first,
 * a valid token outside the required group the second.
 */
export async function authorize(
  verifier: TokenVerifier,
  event: APIGatewayTokenAuthorizerEvent,
  /** A token this verifier refuses that is still a valid token of another caller kind (a
   * service's, on a user route) is answered 403, not 401: it is authentic, just not for here. */
  isOtherCallerKind?: (token: string) => Promise<boolean>,
): Promise<APIGatewayAuthorizerResult> {
  // The scheme name is case-insensitive (RFC 7235 section 2.1): `bearer` and `BEARER` are Bearer.
  const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/i.exec(event.authorizationToken ?? '');
  if (!match?.[1]) throw new Error('Unauthorized');
  // The policy covers the whole stage so that a cached decision holds for every route it guards.
  const resource = event.methodArn.split('/').slice(0, 2).join('/').concat('/*');
  try {
    const payload = await verifier.verify(match[1]);
    const groups = (payload['cognito:groups'] ?? []) as string[];
    const context: AuthorizerContext = { userId: payload.sub, groups: groups.join(',') };
    return policy(payload.sub, 'Allow', resource, context);
  } catch (error) {
    if (error instanceof CognitoJwtInvalidGroupError) return policy('denied', 'Deny', resource);
    if (await isOtherCallerKind?.(match[1])) return policy('denied', 'Deny', resource);
    logger.info('token rejected', { reason: error instanceof Error ? error.name : 'unknown' });
    throw new Error('Unauthorized');
  }
}

function policy(
  principalId: string,
  effect: 'Allow' | 'Deny',
  resource: string,
  context?: AuthorizerContext,
): APIGatewayAuthorizerResult {
  return {
    principalId,
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: resource }],
    },
    ...(context ? { context: { ...context } } : {}),
  };
}
