import type { APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
import { authorize } from '#shared/auth/authorize';
import { tokenVerifiers } from '#shared/auth/verifiers';

/** API Gateway TOKEN authorizer for admin routes: a valid token in the Cognito `admin` group. */
export const handler = (event: APIGatewayTokenAuthorizerEvent) =>
  authorize(tokenVerifiers().admin, event);
