import type { APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
import { authorize } from '#shared/auth/authorize';
import { tokenVerifiers } from '#shared/auth/verifiers';

/** API Gateway TOKEN authorizer for user routes: any valid token of the user or admin pool. */
export const handler = (event: APIGatewayTokenAuthorizerEvent) => {
  const verifiers = tokenVerifiers();
  return authorize(verifiers.user, event, { mfaIssuer: verifiers.mfaIssuer });
};
