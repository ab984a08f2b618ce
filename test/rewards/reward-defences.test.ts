import type { APIGatewayAuthorizerResult } from 'aws-lambda';
import { lambdaContext, proxyEvent, tokenAuthorizerEvent } from '#infra/local/lambda-events';
import { API, startTestSystem, type TestSystem } from '#test/support/test-system';

/**
 * Each layer on its own: the service authorizer's policy for POST /rewards (what the gateway
 * enforces), and the reward handler's own check of its caller, as if the gateway let anything
 * through.
 */
describe('reward route defences', () => {
  let api: TestSystem;

  beforeAll(async () => {
    api = await startTestSystem();
    await api.register('alice');
  });

  afterAll(async () => {
    await api.stop();
  });

  describe('the service authorizer', () => {
    const allows = async (token: string) => {
      const { handler } = (await import('#functions/authorize-service')) as {
        handler: (event: unknown) => Promise<APIGatewayAuthorizerResult>;
      };
      const result = await handler(
        tokenAuthorizerEvent(`Bearer ${token}`, 'POST', `${API}/rewards`),
      );
      return result.policyDocument.Statement.some(
        (statement) =>
          statement.Effect === 'Allow' &&
          [(statement as { Resource?: string | string[] }).Resource ?? []]
            .flat()
            .some((resource) => resource.endsWith('/POST/api/daswos-coins/rewards')),
      );
    };

    it('allows POST /rewards to a token with the reward scope of the rewards service', async () => {
      expect(await allows(await api.serviceToken('rewards', ['daswos-coins/reward']))).toBe(true);
    });

    it('does not allow it to the shop, whose token has only the spend scope', async () => {
      expect(await allows(await api.serviceToken('shop', ['daswos-coins/spend']))).toBe(false);
    });
  });

  const invoke = async (authorizer: Record<string, string> | null) => {
    const { handler } = (await import('#functions/grant-reward')) as {
      handler: (event: unknown, context: unknown) => Promise<{ statusCode: number; body: string }>;
    };
    return handler(
      proxyEvent({
        method: 'POST',
        resource: `${API}/rewards`,
        path: `${API}/rewards`,
        headers: { 'content-type': 'application/json' },
        query: new URLSearchParams(),
        body: JSON.stringify({ userId: 'alice', action: 'daily-login', occurrenceId: 'd-1' }),
        authorizer,
        sourceIp: '127.0.0.1',
      }),
      lambdaContext('grant-reward'),
    );
  };

  it.each<[string, Record<string, string>]>([
    ['a user caller', { principalId: 'alice', userId: 'alice', groups: '' }],
    ['a service with only the spend scope', { clientId: 'shop', scopes: 'daswos-coins/spend' }],
    [
      'a service claiming the reward scope it is not configured for',
      { clientId: 'shop', scopes: 'daswos-coins/spend daswos-coins/reward' },
    ],
  ])('answers 403 FORBIDDEN to %s, paying nothing', async (_case, authorizer) => {
    const response = await invoke(authorizer);

    expect(response.statusCode).toBe(403);
    expect(JSON.parse(response.body).error.code).toBe('FORBIDDEN');
    expect((await api.audit()).transactions).toBe(0);
  });

  it('pays the configured reward service', async () => {
    const response = await invoke({ clientId: 'rewards', scopes: 'daswos-coins/reward' });

    expect(response.statusCode).toBe(201);
    expect((await api.audit()).breaches).toEqual([]);
  });
});
