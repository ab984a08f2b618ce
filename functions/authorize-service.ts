import type { APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
import { routes } from '#infra/routes';
import { authorizeService } from '#shared/auth/service-authorize';
import { serviceTokenVerifier } from '#shared/auth/service-verifier';
import { serviceClientsFromEnv } from '#shared/services/service-clients';

const serviceRoutes = routes.filter((route) => route.caller === 'service');

/** API Gateway TOKEN authorizer for service routes: a configured service's client-credentials
 * token, allowed on the routes its scopes cover. */
export const handler = (event: APIGatewayTokenAuthorizerEvent) =>
  authorizeService(serviceTokenVerifier(), serviceClientsFromEnv(), serviceRoutes, event);
