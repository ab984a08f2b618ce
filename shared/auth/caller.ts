import type { APIGatewayProxyEvent } from 'aws-lambda';
import { ForbiddenError, UnauthorizedError } from '#shared/auth/errors';
import { ADMIN_GROUP } from '#shared/auth/groups';

/** What the authorizers hand to the handlers, in `requestContext.authorizer`. */
export interface AuthorizerContext {
  readonly userId: string;
  /** Comma-separated Cognito groups (API Gateway context values are strings). */
  readonly groups: string;
}

export interface Caller {
  readonly userId: string;
  readonly groups: readonly string[];
}

/** The signed-in caller, as the gateway's authorizer verified it. */
export function requireUser(event: APIGatewayProxyEvent): Caller {
  const context = event.requestContext.authorizer as Partial<AuthorizerContext> | null | undefined;
  if (!context?.userId) throw new UnauthorizedError();
  const groups = context.groups ? context.groups.split(',').filter(Boolean) : [];
  return { userId: context.userId, groups };
}

/** Defence in depth: the admin authorizer checked the group; the handler checks it again. */
export function requireAdmin(event: APIGatewayProxyEvent): Caller {
  const caller = requireUser(event);
  if (!caller.groups.includes(ADMIN_GROUP))
    throw new ForbiddenError('Only admins may use this endpoint');
  return caller;
}
