import { connect } from 'node:net';
import { headersTooLargeResponse, REQUEST_HEADER_LIMIT_BYTES } from '#infra/gateway-responses';
import { API, startTestSystem, type TestSystem } from '#test/support/test-system';

/** What the API promises at the HTTP level, beyond each route's own rules (issue 11, section 2). */
describe('HTTP contract', () => {
  let api: TestSystem;
  let admin: string;
  let alice: string;

  beforeAll(async () => {
    api = await startTestSystem();
    admin = await api.register('admin-1', ['admin']);
    alice = await api.register('alice');
    await api.register('bob');
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

  const balanceOf = async (token: string) =>
    (await api.request('GET', `${API}/balance`, { token })).body.balance as number;

  describe('JSON bodies only', () => {
    it.each([
      ['a form (curl -d without a Content-Type)', 'application/x-www-form-urlencoded'],
      ['plain text', 'text/plain'],
      ['multipart', 'multipart/form-data; boundary=x'],
    ])('answers 415 UNSUPPORTED_MEDIA_TYPE to %s and moves nothing', async (_case, type) => {
      const before = await balanceOf(alice);

      const response = await api.request('POST', `${API}/transfer`, {
        token: alice,
        headers: { 'content-type': type },
        body: '{"toUserId":"bob","amount":5}',
      });

      expect(response.status).toBe(415);
      expect(response.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      expect(await balanceOf(alice)).toBe(before);
    });

    it('answers 415 to a body sent with no Content-Type at all', async () => {
      const response = await fetch(`${api.url}${API}/give`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin}` },
        body: new Blob(['{"userId":"bob","amount":5}']),
      });

      expect(response.status).toBe(415);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
        'UNSUPPORTED_MEDIA_TYPE',
      );
    });

    it('accepts application/json with parameters and in any letter case', async () => {
      const response = await api.request('POST', `${API}/transfer`, {
        token: alice,
        headers: { 'content-type': 'Application/JSON; charset=utf-8' },
        body: '{"toUserId":"bob","amount":1}',
      });

      expect(response.status).toBe(201);
    });
  });

  describe('duplicate keys', () => {
    it('answers 400 to a body that names a key twice, and moves nothing', async () => {
      const before = await balanceOf(alice);

      const response = await api.request('POST', `${API}/transfer`, {
        token: alice,
        body: '{"toUserId":"bob","amount":1,"amount":7}',
      });

      expect(response.status).toBe(400);
      expect(response.body.error).toEqual({
        code: 'VALIDATION_ERROR',
        message: 'amount: appears more than once in the body',
      });
      expect(await balanceOf(alice)).toBe(before);
    });
  });

  describe('the bearer scheme', () => {
    it.each(['bearer', 'BEARER', 'bEaReR'])('accepts "%s" as Bearer (RFC 7235)', async (scheme) => {
      const response = await api.request('GET', `${API}/balance`, {
        headers: { authorization: `${scheme} ${alice}` },
      });

      expect(response.status).toBe(200);
      expect(response.body.userId).toBe('alice');
    });
  });

  describe('over-long headers', () => {
    it('answers 431 in the JSON error format, never an empty body', async () => {
      const response = await api.request('GET', `${API}/supply`, {
        headers: { 'x-padding': 'a'.repeat(REQUEST_HEADER_LIMIT_BYTES + 1) },
      });

      expect(response.status).toBe(431);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(response.body).toEqual({
        error: { code: headersTooLargeResponse.code, message: headersTooLargeResponse.message },
      });
    });
  });

  describe('requests that are not HTTP', () => {
    it('answer 400 in the JSON error format', async () => {
      const { hostname, port } = new URL(api.url);
      const raw = await new Promise<string>((resolve, reject) => {
        const socket = connect(Number(port), hostname, () =>
          socket.write('NOT HTTP AT ALL\r\n\r\n'),
        );
        let text = '';
        socket.on('data', (chunk) => {
          text += chunk.toString('utf8');
        });
        socket.on('end', () => resolve(text));
        socket.on('error', reject);
      });

      expect(raw).toMatch(/^HTTP\/1\.1 400 /);
      expect(raw).toContain('content-type: application/json');
      expect(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4))).toEqual({
        error: { code: 'BAD_REQUEST', message: 'The request is not valid HTTP' },
      });
    });
  });

  describe('text limits in Unicode code points', () => {
    const emoji = (count: number) => '🪙'.repeat(count);

    it('accepts 300 emoji as 300 characters of a 500-character reason', async () => {
      const response = await api.request('POST', `${API}/give`, {
        token: admin,
        body: { userId: 'bob', amount: 1, reason: emoji(300) },
      });

      expect(response.status).toBe(201);
      expect(response.body.transaction.description).toBe(emoji(300));
    });

    it('accepts a transfer description of exactly 500 emoji', async () => {
      const response = await api.request('POST', `${API}/transfer`, {
        token: alice,
        body: { toUserId: 'bob', amount: 1, description: emoji(500) },
      });

      expect(response.status).toBe(201);
    });

    it('counts a bundle id in code points too (at most 64)', async () => {
      const purchase = (bundleId: string) =>
        api.request('POST', `${API}/purchase`, { token: alice, body: { bundleId } });

      const [longest, tooLong] = await Promise.all([purchase(emoji(64)), purchase(emoji(65))]);

      expect(longest.status).toBe(400);
      expect(longest.body.error.message).not.toMatch(/at most/);
      expect(tooLong.status).toBe(400);
      expect(tooLong.body.error.message).toBe('bundleId: must be at most 64 characters');
    });

    it("counts an admin's reason and a service's description in code points too", async () => {
      const shop = await api.serviceToken('shop', ['daswos-coins/spend']);

      const frozen = await api.request('POST', `${API}/admin/users/bob/freeze`, {
        token: admin,
        body: { reason: emoji(500) },
      });
      const unfrozen = await api.request('POST', `${API}/admin/users/bob/unfreeze`, {
        token: admin,
        body: { reason: emoji(501) },
      });
      const spent = await api.request('POST', `${API}/spend`, {
        token: shop,
        headers: { 'Idempotency-Key': 'emoji-spend' },
        body: { userId: 'alice', amount: 1, feature: 'boost', description: emoji(500) },
      });
      await api.request('POST', `${API}/admin/users/bob/unfreeze`, {
        token: admin,
        body: { reason: 'done' },
      });

      expect(frozen.status).toBe(200);
      expect(unfrozen.status).toBe(400);
      expect(unfrozen.body.error.message).toBe('reason: must be at most 500 characters');
      expect(spent.status).toBe(201);
    });

    it('refuses 501 emoji, naming the field the caller sent (reason on /give)', async () => {
      const response = await api.request('POST', `${API}/give`, {
        token: admin,
        body: { userId: 'bob', amount: 1, reason: emoji(501) },
      });

      expect(response.status).toBe(400);
      expect(response.body.error.message).toBe('reason: must be at most 500 characters');
    });
  });

  describe('query parameters', () => {
    it('names the unknown query parameter in the error, not "body"', async () => {
      const response = await api.request('GET', `${API}/transactions?colour=red`, {
        token: alice,
      });

      expect(response.status).toBe(400);
      expect(response.body.error.message).toBe('colour: is not a query parameter of this endpoint');
    });

    it('names the query parameter whose value is wrong', async () => {
      const response = await api.request('GET', `${API}/transactions?limit=0`, { token: alice });

      expect(response.status).toBe(400);
      expect(response.body.error.message).toMatch(/^limit: /);
    });

    it('takes the last value of a repeated parameter, as API Gateway does', async () => {
      const response = await api.request('GET', `${API}/transactions?limit=1&limit=2`, {
        token: alice,
      });

      expect(response.status).toBe(200);
      expect(response.body.transactions).toHaveLength(2);
    });
  });
});
