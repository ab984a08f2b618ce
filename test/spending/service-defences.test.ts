import type { APIGatewayAuthorizerResult } from 'aws-lambda';
import { lambdaContext, proxyEvent, tokenAuthorizerEvent } from '#infra/local/lambda-events';
import { API, startTestSystem, type TestSystem } from '#test/support/test-system';

const SPEND = 'daswos-coins/spend';

/**
 * Each layer on its own: the service authorizer's policy (what the gateway enforces), and the
 * handler's own check of the caller it is handed (what holds if the gateway were misconfigured).
 */
describe('service route defences', () => {
  let api: TestSystem;

  beforeAll(async () => {
    api = await startTestSystem();
    await api.register('alice');
  });

  afterAll(async () => {
    await api.stop();
  });

  describe('the service authorizer', () => {
    const authorize = async (token: string, method: string, path: string) => {
      const { handler } = (await import('#functions/authorize-service')) as {
        handler: (event: unknown) => Promise<APIGatewayAuthorizerResult>;
      };
      return handler(tokenAuthorizerEvent(`Bearer ${token}`, method, path));
    };

    it('allows exactly the routes of the scopes the token and its service share', async () => {
      const token = await api.serviceToken('shop', [SPEND]);

      const result = await authorize(token, 'POST', `${API}/spend`);

      expect(result.policyDocument.Statement).toEqual([
        expect.objectContaining({
          Effect: 'Allow',
          Resource: expect.arrayContaining([
            expect.stringMatching(/\/POST\/api\/daswos-coins\/spend$/),
          ]),
        }),
      ]);
      expect(result.context).toEqual({ clientId: 'shop', scopes: SPEND });
    });

    it('denies a user token', async () => {
      const token = await api.register('alice');

      const result = await authorize(token, 'POST', `${API}/spend`);

      expect(result.policyDocument.Statement[0]?.Effect).toBe('Deny');
    });

    it('denies a known service whose token has no scope it is configured for', async () => {
      const token = await api.serviceToken('rewards', [SPEND]);

      const result = await authorize(token, 'POST', `${API}/spend`);

      expect(result.policyDocument.Statement[0]?.Effect).toBe('Deny');
    });
  });

  describe('the spend handler behind a gateway that let anything through', () => {
    const invoke = async (authorizer: Record<string, string> | null) => {
      const { handler } = (await import('#functions/spend-coins')) as {
        handler: (
          event: unknown,
          context: unknown,
        ) => Promise<{ statusCode: number; body: string }>;
      };
      return handler(
        proxyEvent({
          method: 'POST',
          resource: `${API}/spend`,
          path: `${API}/spend`,
          headers: { 'content-type': 'application/json', 'idempotency-key': 'direct-1' },
          query: new URLSearchParams(),
          body: JSON.stringify({ userId: 'alice', amount: 1, feature: 'boost' }),
          authorizer,
          sourceIp: '127.0.0.1',
        }),
        lambdaContext('spend-coins'),
      );
    };

    it.each<[string, Record<string, string> | null]>([
      ['a user caller', { principalId: 'alice', userId: 'alice', groups: '' }],
      [
        'a configured service without the scope',
        { clientId: 'rewards', scopes: 'daswos-coins/reward' },
      ],
      ['a service the configuration does not know', { clientId: 'crm', scopes: SPEND }],
      [
        'a service claiming a scope it is not configured for',
        { clientId: 'rewards', scopes: `daswos-coins/reward ${SPEND}` },
      ],
    ])('answers 403 FORBIDDEN to %s', async (_case, authorizer) => {
      const response = await invoke(authorizer);

      expect(response.statusCode).toBe(403);
      expect(JSON.parse(response.body).error.code).toBe('FORBIDDEN');
      expect((await api.audit()).transactions).toBe(0);
    });

    it('answers 401 UNAUTHORIZED without any caller', async () => {
      const response = await invoke(null);

      expect(response.statusCode).toBe(401);
    });
  });
});
