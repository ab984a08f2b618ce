import type { APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
import { authorize } from '#shared/auth/authorize';
import { isServiceToken } from '#shared/auth/service-verifier';
import { tokenVerifiers } from '#shared/auth/verifiers';

/**
 * API Gateway TOKEN authorizer for admin routes: a valid token in the Cognito `admin` group,
 * signed in through the admin pool (MFA required there); any other admin token: MFA_REQUIRED; a
 * service's client-credentials token: 403.
 */
export const handler = (event: APIGatewayTokenAuthorizerEvent) => {
  const verifiers = tokenVerifiers();
  return authorize(verifiers.admin, event, {
    mfaIssuer: verifiers.mfaIssuer,
    requireMfa: true,
    isOtherCallerKind: isServiceToken,
  });
};
