import type { APIGatewayProxyEvent } from 'aws-lambda';
import { ForbiddenError, MfaRequiredError, UnauthorizedError } from '#shared/auth/errors';
import { ADMIN_GROUP } from '#shared/auth/groups';

/** What the authorizers hand to the handlers, in `requestContext.authorizer`. */
export interface AuthorizerContext {
  readonly userId: string;
  /** Comma-separated Cognito groups (API Gateway context values are strings). */
  readonly groups: string;
  /** 'true' when the token comes from the admin pool, whose sign-in requires MFA. */
  readonly mfa?: string;
}

/** A Deny's context: the ACCESS_DENIED gateway response writes it into the error body. */
export interface AuthorizerDenial {
  readonly errorCode: string;
  readonly errorMessage: string;
}

export interface Caller {
  readonly userId: string;
  readonly groups: readonly string[];
  readonly mfa: boolean;
}

/** The signed-in caller, as the gateway's authorizer verified it. */
export function requireUser(event: APIGatewayProxyEvent): Caller {
  const context = event.requestContext.authorizer as Partial<AuthorizerContext> | null | undefined;
  if (!context?.userId) throw new UnauthorizedError();
  const groups = context.groups ? context.groups.split(',').filter(Boolean) : [];
  return { userId: context.userId, groups, mfa: context.mfa === 'true' };
}

/**
 * Defence in depth: the admin authorizer checked the group and the MFA sign-in; the handler
 * checks both again.
 */
export function requireAdmin(event: APIGatewayProxyEvent): Caller {
  const caller = requireUser(event);
  if (!caller.groups.includes(ADMIN_GROUP))
    throw new ForbiddenError('Only admins may use this endpoint');
  if (!caller.mfa) throw new MfaRequiredError();
  return caller;
}
