import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { lambdaContext, proxyEvent } from '#infra/local/lambda-events';
import { API, startTestSystem, type TestSystem } from '#test/support/test-system';

describe('admins sign in with MFA', () => {
  let api: TestSystem;

  beforeAll(async () => {
    api = await startTestSystem();
    await api.register('alice');
  });

  afterEach(async () => {
    expect((await api.audit()).breaches).toEqual([]);
  });

  afterAll(async () => {
    await api.stop();
  });

  const token = async (body: Record<string, unknown>) =>
    (await api.request('POST', '/local/token', { body })).body.token as string;
  const give = (bearer: string) =>
    api.request('POST', `${API}/give`, {
      token: bearer,
      body: { userId: 'alice', amount: 10 },
    });
  const balance = async () =>
    (
      await api.request('GET', `${API}/admin/users/alice`, {
        token: await token({ sub: 'ops', groups: ['admin'] }),
      })
    ).body.balance as number;

  it('refuses an admin token signed in without MFA with 403 MFA_REQUIRED, and changes nothing', async () => {
    const withoutMfa = await token({ sub: 'admin-1', groups: ['admin'], mfa: false });
    const before = await balance();

    const response = await give(withoutMfa);
    const lookup = await api.request('GET', `${API}/admin/actions`, { token: withoutMfa });

    expect(response.status).toBe(403);
    expect(response.body.error).toEqual({
      code: 'MFA_REQUIRED',
      message: expect.stringMatching(/multi-factor/),
    });
    expect(lookup.status).toBe(403);
    expect(lookup.body.error.code).toBe('MFA_REQUIRED');
    expect(await balance()).toBe(before);
  });

  it('accepts the same admin signed in with MFA (the default for admins)', async () => {
    const withMfa = await token({ sub: 'admin-1', groups: ['admin'] });

    const response = await give(withMfa);

    expect(response.status).toBe(201);
  });

  it('answers 403 FORBIDDEN to an MFA sign-in outside the admin group', async () => {
    const user = await token({ sub: 'mfa-user', mfa: true });

    const response = await give(user);

    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('FORBIDDEN');
  });

  it('lets both kinds of admin token use the user routes', async () => {
    const withMfa = await token({ sub: 'admin-2', groups: ['admin'] });
    const withoutMfa = await token({ sub: 'admin-2', groups: ['admin'], mfa: false });

    const answers = await Promise.all(
      [withMfa, withoutMfa].map((bearer) =>
        api.request('GET', `${API}/balance`, { token: bearer }),
      ),
    );

    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
  });

  it('refuses in the handler too when the gateway passed a non-admin signed in with MFA', async () => {
    const { handler } = (await import('#functions/give-coins')) as {
      handler: (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;
    };
    const event = proxyEvent({
      method: 'POST',
      resource: `${API}/give`,
      path: `${API}/give`,
      headers: { 'content-type': 'application/json' },
      query: new URLSearchParams(),
      body: JSON.stringify({ userId: 'alice', amount: 10 }),
      authorizer: { principalId: 'mfa-user', userId: 'mfa-user', groups: '', mfa: 'true' },
      sourceIp: '127.0.0.1',
    });
    const before = await balance();

    const result = await handler(event, lambdaContext('give-coins'));

    expect(result.statusCode).toBe(403);
    expect(JSON.parse(result.body).error.code).toBe('FORBIDDEN');
    expect(await balance()).toBe(before);
  });

  it('refuses in the handler too when the gateway passed an admin without MFA', async () => {
    // Defence in depth: the give function itself, called as if an authorizer had let an admin
    // through without the MFA mark.
    const { handler } = (await import('#functions/give-coins')) as {
      handler: (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;
    };
    const event = proxyEvent({
      method: 'POST',
      resource: `${API}/give`,
      path: `${API}/give`,
      headers: { 'content-type': 'application/json' },
      query: new URLSearchParams(),
      body: JSON.stringify({ userId: 'alice', amount: 10 }),
      authorizer: { principalId: 'admin-1', userId: 'admin-1', groups: 'admin', mfa: 'false' },
      sourceIp: '127.0.0.1',
    });
    const before = await balance();

    const result = await handler(event, lambdaContext('give-coins'));

    expect(result.statusCode).toBe(403);
    expect(JSON.parse(result.body).error.code).toBe('MFA_REQUIRED');
    expect(await balance()).toBe(before);
  });
});
