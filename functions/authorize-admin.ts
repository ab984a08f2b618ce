import type { APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
import { authorize } from '#shared/auth/authorize';
import { isServiceToken } from '#shared/auth/service-verifier';
import { tokenVerifiers } from '#shared/auth/verifiers';

/** API Gateway TOKEN authorizer for admin routes: a valid token in the Cognito `admin` group (a
 * service's client-credentials token is 403 here). */
export const handler = (event: APIGatewayTokenAuthorizerEvent) =>
  authorize(tokenVerifiers().admin, event, isServiceToken);
