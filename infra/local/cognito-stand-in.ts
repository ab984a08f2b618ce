import type { PostConfirmationTriggerEvent } from 'aws-lambda';
import { exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from 'jose';
import * as z from 'zod';
import type { LocalRoute } from '#infra/local/gateway';
import { lambdaContext } from '#infra/local/lambda-events';
import { userIdSchema } from '#shared/api/schemas';
import { serviceTokenVerifier } from '#shared/auth/service-verifier';
import { type CognitoSettings, cognitoIssuer, tokenVerifiers } from '#shared/auth/verifiers';
import { toErrorResponse } from '#shared/http/errors';
import { parseWith } from '#shared/http/request';
import { SERVICE_SCOPES } from '#shared/services/scopes';
import { SERVICE_CLIENT_ID_PATTERN } from '#shared/services/service-clients';

export const localTokenRequestSchema = z.strictObject({
  sub: userIdSchema,
  groups: z
    .array(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/))
    .max(10)
    .optional(),
  email: z.email().optional(),
});

/** The client-credentials grant, as a service asks Cognito's /oauth2/token for it. */
export const localServiceTokenRequestSchema = z.strictObject({
  clientId: z.string().regex(SERVICE_CLIENT_ID_PATTERN),
  scopes: z.array(z.enum(SERVICE_SCOPES)).min(1).max(SERVICE_SCOPES.length),
});

export interface LocalCognito {
  readonly jwks: { keys: JWK[] };
  issueToken(claims: {
    sub: string;
    groups?: string[];
    email?: string;
    expiresIn?: string | number;
  }): Promise<string>;
  /** A client-credentials access token, as Cognito issues it to an app client (`sub` = client). */
  issueServiceToken(claims: {
    clientId: string;
    scopes: readonly string[];
    expiresIn?: string | number;
  }): Promise<string>;
  /** Signs any claims with the pool's key: for tests that need a token Cognito would never issue. */
  signClaims(claims: JWTPayload): Promise<string>;
  readonly tokenRoute: LocalRoute;
}

type PostConfirmation = (
  event: PostConfirmationTriggerEvent,
) => Promise<PostConfirmationTriggerEvent>;

/**
 * Cognito on a laptop, for development only: a key pair made at start, access tokens with
 * Cognito's claims signed by it, the authorizers' verifiers primed with its JWKS (so
 * aws-jwt-verify checks them exactly as in AWS, with no network), and sign-up running the real
 * post-confirmation trigger so that every local user gets a wallet.
 */
export async function startLocalCognito(settings: CognitoSettings): Promise<LocalCognito> {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const kid = `local-${Date.now()}`;
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const jwks = { keys: [jwk] };
  const verifiers = tokenVerifiers();
  verifiers.user.cacheJwks(jwks as never);
  verifiers.admin.cacheJwks(jwks as never);
  serviceTokenVerifier().cacheJwks(jwks as never);
  const issuer = cognitoIssuer(settings.userPoolId);
  const { handler: postConfirmation } = (await import('#functions/create-wallet-on-sign-up')) as {
    handler: PostConfirmation;
  };

  const issueToken: LocalCognito['issueToken'] = ({ sub, groups = [], email, expiresIn = '1h' }) =>
    new SignJWT({
      token_use: 'access',
      client_id: settings.clientId,
      scope: 'aws.cognito.signin.user.admin',
      username: sub,
      ...(groups.length > 0 ? { 'cognito:groups': groups } : {}),
      ...(email ? { email } : {}),
    })
      .setProtectedHeader({ alg: 'RS256', kid })
      .setSubject(sub)
      .setIssuer(issuer)
      .setIssuedAt()
      .setExpirationTime(expiresIn)
      .sign(privateKey);

  // What Cognito puts in a client-credentials access token: no username, no groups. The stand-in
  // signs for any app client it is asked about; the API decides whether it knows that service.
  const issueServiceToken: LocalCognito['issueServiceToken'] = ({
    clientId,
    scopes,
    expiresIn = '1h',
  }) =>
    new SignJWT({ token_use: 'access', client_id: clientId, scope: scopes.join(' ') })
      .setProtectedHeader({ alg: 'RS256', kid })
      .setSubject(clientId)
      .setIssuer(issuer)
      .setIssuedAt()
      .setExpirationTime(expiresIn)
      .sign(privateKey);

  async function register(sub: string, email: string | undefined): Promise<void> {
    await postConfirmation({
      version: '1',
      region: 'local',
      userPoolId: settings.userPoolId,
      userName: sub,
      triggerSource: 'PostConfirmation_ConfirmSignUp',
      callerContext: { awsSdkVersion: 'local', clientId: settings.clientId },
      request: { userAttributes: { sub, ...(email ? { email } : {}) } },
      response: {},
    } as PostConfirmationTriggerEvent);
  }

  const tokenRoute: LocalRoute = {
    method: 'POST',
    path: '/local/token',
    handle: async ({ body }) => {
      const context = lambdaContext('local-token');
      try {
        let parsed: unknown;
        try {
          parsed = JSON.parse(body);
        } catch {
          parsed = undefined;
        }
        if (typeof parsed === 'object' && parsed !== null && 'clientId' in parsed) {
          const grant = parseWith(localServiceTokenRequestSchema, parsed);
          const token = await issueServiceToken(grant);
          return { status: 200, body: JSON.stringify({ token }) };
        }
        const request = parseWith(localTokenRequestSchema, parsed);
        await register(request.sub, request.email);
        const token = await issueToken(request);
        return { status: 200, body: JSON.stringify({ token }) };
      } catch (error) {
        const answer = toErrorResponse(error, context.awsRequestId);
        return { status: answer.statusCode, body: answer.body };
      }
    },
  };

  const signClaims = (claims: JWTPayload) =>
    new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid }).sign(privateKey);

  return { jwks, issueToken, issueServiceToken, signClaims, tokenRoute };
}
