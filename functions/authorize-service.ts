import type { APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
import { routes } from '#infra/routes';
import { authorizeService } from '#shared/auth/service-authorize';
import { serviceTokenVerifier } from '#shared/auth/service-verifier';
import { tokenVerifiers } from '#shared/auth/verifiers';
import { serviceClientsFromEnv } from '#shared/services/service-clients';

const serviceRoutes = routes.filter((route) => route.caller === 'service');

/** A user's or an admin's valid token: authentic, so 403 on a service route, not 401. */
async function isUserToken(token: string): Promise<boolean> {
  try {
    await tokenVerifiers().user.verify(token);
    return true;
  } catch {
    return false;
  }
}

/** API Gateway TOKEN authorizer for service routes: a configured service's client-credentials
 * token, allowed on the routes its scopes cover. */
export const handler = (event: APIGatewayTokenAuthorizerEvent) =>
  authorizeService(serviceTokenVerifier(), serviceClientsFromEnv(), serviceRoutes, event, {
    isOtherCallerKind: isUserToken,
  });
