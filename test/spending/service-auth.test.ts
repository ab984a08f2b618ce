import { generateKeyPair, SignJWT } from 'jose';
import { cognitoIssuer } from '#shared/auth/verifiers';
import { API, startTestSystem, type TestSystem } from '#test/support/test-system';

const SPEND = 'daswos-coins/spend';
const REWARD = 'daswos-coins/reward';

describe('service callers', () => {
  let api: TestSystem;
  let admin: string;
  let alice: string;
  let shop: string;
  const now = () => Math.floor(Date.now() / 1000);
  const serviceClaims = (clientId = 'shop', scope = SPEND) => ({
    sub: clientId,
    iss: cognitoIssuer(process.env.COGNITO_USER_POOL_ID ?? ''),
    client_id: clientId,
    token_use: 'access',
    scope,
    iat: now(),
    exp: now() + 600,
  });
  const spend = (token: string, key: string, amount = 5) =>
    api.request('POST', `${API}/spend`, {
      token,
      headers: { 'Idempotency-Key': key },
      body: { userId: 'alice', amount, feature: 'boost' },
    });

  beforeAll(async () => {
    api = await startTestSystem();
    admin = await api.register('admin-1', ['admin']);
    alice = await api.register('alice');
    shop = await api.serviceToken('shop', [SPEND]);
    const funded = await api.request('POST', `${API}/give`, {
      token: admin,
      body: { userId: 'alice', amount: 1_000 },
    });
    expect(funded.status).toBe(201);
  });

  afterEach(async () => {
    expect((await api.audit()).breaches).toEqual([]);
  });

  afterAll(async () => {
    await api.stop();
  });

  describe('POST /local/token (client credentials)', () => {
    it('issues a Cognito-shaped access token with the client id and the scopes', async () => {
      const [, payload] = shop.split('.');
      const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString());

      expect(claims).toMatchObject({
        sub: 'shop',
        client_id: 'shop',
        token_use: 'access',
        scope: SPEND,
      });
      expect(claims['cognito:groups']).toBeUndefined();
    });

    it('answers 400 VALIDATION_ERROR for a scope the resource server does not define', async () => {
      const response = await api.request('POST', '/local/token', {
        body: { clientId: 'shop', scopes: ['daswos-coins/admin'] },
      });

      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_ERROR');
    });
  });

  describe('on a service route', () => {
    it('lets a configured service with the scope through, and records its client id', async () => {
      const response = await spend(shop, 'auth-ok');

      expect(response.status).toBe(201);
      const record = await api.readTransaction(response.body.transaction.transactionId);
      expect(record).toMatchObject({ client_id: 'shop', transaction_type: 'spend' });
    });

    it.each<[string, () => Promise<string>]>([
      ['a user token', async () => alice],
      ['an admin token', async () => admin],
      [
        'a token of an app client no service is configured for',
        () => api.serviceToken('crm', [SPEND]),
      ],
      [
        'a configured service token without the route scope',
        () => api.serviceToken('rewards', [REWARD]),
      ],
      [
        'a service token with a scope its service is not configured for',
        () => api.serviceToken('rewards', [REWARD, SPEND]),
      ],
      [
        'an ID token of a service client',
        () =>
          api.system.cognito.signClaims({
            ...serviceClaims(),
            token_use: 'id',
            aud: 'shop',
            client_id: undefined,
          }),
      ],
    ])('answers 403 FORBIDDEN to %s, and changes nothing', async (_case, makeToken) => {
      const token = await makeToken();
      const before = await api.audit();

      const response = await spend(token, `forbidden-${_case}`);

      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe('FORBIDDEN');
      expect((await api.audit()).transactions).toBe(before.transactions);
    });

    it.each<[string, () => Promise<string>]>([
      ['no token', async () => ''],
      [
        'an expired service token',
        () =>
          api.system.cognito.signClaims({
            ...serviceClaims(),
            iat: now() - 7200,
            exp: now() - 3600,
          }),
      ],
      [
        'a service token signed by another key (forged)',
        async () => {
          const { privateKey } = await generateKeyPair('RS256');
          const kid = JSON.parse(Buffer.from(shop.split('.')[0] ?? '', 'base64url').toString()).kid;
          return new SignJWT(serviceClaims())
            .setProtectedHeader({ alg: 'RS256', kid })
            .sign(privateKey);
        },
      ],
      [
        'a service token from another issuer',
        () =>
          api.system.cognito.signClaims({
            ...serviceClaims(),
            iss: 'https://evil.example.com/pool',
          }),
      ],
      [
        'a service token without an expiry',
        () => api.system.cognito.signClaims({ ...serviceClaims(), exp: undefined }),
      ],
    ])('answers 401 UNAUTHORIZED to %s, and changes nothing', async (_case, makeToken) => {
      const token = await makeToken();
      const before = await api.audit();

      const response = await api.request('POST', `${API}/spend`, {
        ...(token ? { token } : {}),
        headers: { 'Idempotency-Key': `unauthorized-${_case}` },
        body: { userId: 'alice', amount: 5, feature: 'boost' },
      });

      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('UNAUTHORIZED');
      expect((await api.audit()).transactions).toBe(before.transactions);
    });
  });

  describe('on user and admin routes', () => {
    it.each([
      ['GET', `${API}/balance`, undefined],
      ['POST', `${API}/transfer`, { toUserId: 'alice', amount: 1 }],
      ['POST', `${API}/give`, { userId: 'alice', amount: 1 }],
    ])('answers 403 FORBIDDEN to a service token on %s %s', async (method, path, body) => {
      const response = await api.request(method, path, { token: shop, body });

      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe('FORBIDDEN');
    });
  });
});
