import type { APIGatewayProxyEvent } from 'aws-lambda';
import { ForbiddenError, UnauthorizedError } from '#shared/auth/errors';
import type { ServiceScope } from '#shared/services/scopes';
import { type ServiceClient, serviceClientsFromEnv } from '#shared/services/service-clients';

/** What the service authorizer hands to the handlers, in `requestContext.authorizer`. */
export interface ServiceAuthorizerContext {
  readonly clientId: string;
  /** Space-separated: the token's scopes that the service is configured for. */
  readonly scopes: string;
}

/**
 * Defence in depth: the service authorizer allowed the route for this token's scopes; the handler
 * checks again that the caller is a configured service holding `scope`, and answers with that
 * service's rules (its name and largest amount) for the domain to apply.
 */
export function requireService(event: APIGatewayProxyEvent, scope: ServiceScope): ServiceClient {
  const context = event.requestContext.authorizer as
    | (Partial<ServiceAuthorizerContext> & { userId?: string })
    | null
    | undefined;
  if (context?.userId) throw new ForbiddenError('This endpoint is for DasWos services, not users');
  if (!context?.clientId) throw new UnauthorizedError();
  const client = serviceClientsFromEnv().get(context.clientId);
  const scopes = context.scopes ? context.scopes.split(' ') : [];
  if (!client?.scopes.includes(scope) || !scopes.includes(scope)) {
    throw new ForbiddenError(`This endpoint needs a service token with the ${scope} scope`);
  }
  return client;
}
