import { generateKeyPair, SignJWT } from 'jose';
import { cognitoIssuer } from '#shared/auth/verifiers';
import { API, startTestSystem, type TestSystem } from '#test/support/test-system';

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('authorization', () => {
  let api: TestSystem;
  let admin: string;
  let user: string;
  const issuer = () => cognitoIssuer(process.env.COGNITO_USER_POOL_ID ?? '');
  const clientId = () => process.env.COGNITO_CLIENT_ID ?? '';
  const now = () => Math.floor(Date.now() / 1000);
  const validClaims = () => ({
    sub: 'mallory',
    iss: issuer(),
    client_id: clientId(),
    token_use: 'access',
    iat: now(),
    exp: now() + 600,
    'cognito:groups': ['admin'],
  });

  beforeAll(async () => {
    api = await startTestSystem();
    admin = await api.register('admin-1', ['admin']);
    user = await api.register('mallory');
    await api.register('victim');
  });

  afterAll(async () => {
    await api.stop();
  });

  // Each bad token is tried on a user route and on the admin route; nothing may change.
  const badTokens: Array<[string, () => Promise<string>]> = [
    ['a malformed token', async () => 'not.a.jwt'],
    [
      'an expired token',
      () =>
        api.system.cognito.signClaims({ ...validClaims(), iat: now() - 7200, exp: now() - 3600 }),
    ],
    [
      'a token signed by another key',
      async () => {
        const { privateKey } = await generateKeyPair('RS256');
        const kid = JSON.parse(Buffer.from(user.split('.')[0] ?? '', 'base64url').toString()).kid;
        return new SignJWT(validClaims())
          .setProtectedHeader({ alg: 'RS256', kid })
          .sign(privateKey);
      },
    ],
    [
      'an unsigned token (alg: none)',
      async () => `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(validClaims())}.`,
    ],
    [
      'a token with its payload swapped (signature no longer matches)',
      async () => {
        const [header, , signature] = admin.split('.');
        return `${header}.${base64url({ ...validClaims(), sub: 'admin-1' })}.${signature}`;
      },
    ],
    [
      'a token from another issuer',
      () =>
        api.system.cognito.signClaims({ ...validClaims(), iss: 'https://evil.example.com/pool' }),
    ],
    [
      'a token for another app client',
      () => api.system.cognito.signClaims({ ...validClaims(), client_id: 'other-client' }),
    ],
    [
      'an ID token for another audience',
      () =>
        api.system.cognito.signClaims({
          ...validClaims(),
          client_id: undefined,
          token_use: 'id',
          aud: 'other-client',
        }),
    ],
    [
      'a refresh-type token',
      () => api.system.cognito.signClaims({ ...validClaims(), token_use: 'refresh' }),
    ],
    [
      'a token without an expiry',
      () => api.system.cognito.signClaims({ ...validClaims(), exp: undefined }),
    ],
  ];

  it.each([
    ['GET', `${API}/balance`, undefined],
    ['POST', `${API}/give`, { userId: 'victim', amount: 5 }],
  ])('answers 401 without a token on %s %s', async (method, path, body) => {
    const response = await api.request(method, path, { body });

    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('UNAUTHORIZED');
  });

  it('answers 401 for a scheme other than Bearer', async () => {
    const response = await api.request('GET', `${API}/balance`, {
      headers: { authorization: `Basic ${user}` },
    });

    expect(response.status).toBe(401);
  });

  it.each(badTokens)(
    'answers 401 for %s, on user and admin routes, and changes nothing',
    async (_case, makeToken) => {
      const token = await makeToken();
      const before = await api.audit();

      const balance = await api.request('GET', `${API}/balance`, { token });
      const give = await api.request('POST', `${API}/give`, {
        token,
        body: { userId: 'victim', amount: 5 },
      });
      const transfer = await api.request('POST', `${API}/transfer`, {
        token,
        body: { toUserId: 'victim', amount: 5 },
      });

      expect([balance.status, give.status, transfer.status]).toEqual([401, 401, 401]);
      expect(give.body.error.code).toBe('UNAUTHORIZED');
      const after = await api.audit();
      expect(after.breaches).toEqual([]);
      expect(after.transactions).toBe(before.transactions);
    },
  );

  it('answers 403 FORBIDDEN to a user token on the admin route, and changes nothing', async () => {
    const response = await api.request('POST', `${API}/give`, {
      token: user,
      body: { userId: 'victim', amount: 5 },
    });

    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('FORBIDDEN');
    expect((await api.audit()).transactions).toBe(0);
  });

  it('lets an admin token through the admin route', async () => {
    const response = await api.request('POST', `${API}/give`, {
      token: admin,
      body: { userId: 'victim', amount: 5 },
    });

    expect(response.status).toBe(201);
    expect((await api.audit()).breaches).toEqual([]);
  });

  it('serves the public routes without a token', async () => {
    expect((await api.request('GET', `${API}/supply`)).status).toBe(200);
  });
});
