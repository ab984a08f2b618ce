import {
  CognitoJwtInvalidClientIdError,
  CognitoJwtInvalidTokenUseError,
} from 'aws-jwt-verify/error';
import type { APIGatewayAuthorizerResult, APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
import { API_BASE_PATH, type RouteDefinition } from '#infra/routes';
import type { ServiceAuthorizerContext } from '#shared/auth/service-caller';
import type { ServiceTokenVerifier } from '#shared/auth/service-verifier';
import { logger } from '#shared/logger';
import type { ServiceClients } from '#shared/services/service-clients';

/**
 * The API Gateway TOKEN authorizer of service routes. A missing, forged or expired token is 401;
 * a valid token of the pool that is not a configured service's (a user's token, an unknown app
 * client) is 403, and so is a service token without the route's scope.
 *
 * API Gateway caches the policy per token for every route behind this authorizer, so the policy
 * must be right for all of them: it allows exactly the service routes whose scope the token
 * carries AND the service is configured for, and nothing else (a route outside it is 403).
 */
export async function authorizeService(
  verifier: ServiceTokenVerifier,
  clients: ServiceClients,
  serviceRoutes: readonly RouteDefinition[],
  event: APIGatewayTokenAuthorizerEvent,
): Promise<APIGatewayAuthorizerResult> {
  const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(event.authorizationToken ?? '');
  if (!match?.[1]) throw new Error('Unauthorized');
  // arn:aws:execute-api:<region>:<account>:<api id>/<stage>/<METHOD>/<path>
  const stageArn = event.methodArn.split('/').slice(0, 2).join('/');
  let payload: Awaited<ReturnType<ServiceTokenVerifier['verify']>>;
  try {
    payload = await verifier.verify(match[1]);
  } catch (error) {
    if (
      error instanceof CognitoJwtInvalidClientIdError ||
      error instanceof CognitoJwtInvalidTokenUseError
    ) {
      return deny(stageArn);
    }
    logger.info('service token rejected', { reason: error instanceof Error ? error.name : '?' });
    throw new Error('Unauthorized');
  }
  const clientId = String(payload.client_id);
  const client = clients.get(clientId);
  const tokenScopes = typeof payload.scope === 'string' ? payload.scope.split(' ') : [];
  const scopes = (client?.scopes ?? []).filter((scope) => tokenScopes.includes(scope));
  const allowed = serviceRoutes.filter((route) => route.scope && scopes.includes(route.scope));
  if (!client || allowed.length === 0) return deny(stageArn);
  const context: ServiceAuthorizerContext = { clientId, scopes: scopes.join(' ') };
  return {
    principalId: clientId,
    policyDocument: {
      Version: '2012-10-17',
      Statement: [
        {
          Action: 'execute-api:Invoke',
          Effect: 'Allow',
          Resource: allowed.map((route) => routeArn(stageArn, route)),
        },
      ],
    },
    context: { ...context },
  };
}

/** The method ARN of a route, `{name}` path segments as wildcards. */
export function routeArn(stageArn: string, route: RouteDefinition): string {
  const path = `${API_BASE_PATH}${route.path}`.replace(/\{[^}]+\}/g, '*');
  return `${stageArn}/${route.method}${path}`;
}

function deny(stageArn: string): APIGatewayAuthorizerResult {
  return {
    principalId: 'denied',
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Action: 'execute-api:Invoke', Effect: 'Deny', Resource: `${stageArn}/*` }],
    },
  };
}
