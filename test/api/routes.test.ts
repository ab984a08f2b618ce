import { API, startTestSystem, type TestSystem } from '#test/support/test-system';

describe('coins API over the local gateway', () => {
  let api: TestSystem;
  let admin: string;
  let alice: string;
  let bob: string;

  beforeAll(async () => {
    api = await startTestSystem();
    admin = await api.register('admin-1', ['admin']);
    alice = await api.register('alice');
    bob = await api.register('bob');
    const funded = await api.request('POST', `${API}/give`, {
      token: admin,
      body: { userId: 'alice', amount: 1_000, reason: 'welcome' },
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

  describe('GET /balance', () => {
    it('answers the caller’s balance', async () => {
      const response = await api.request('GET', `${API}/balance`, { token: bob });

      expect(response.status).toBe(200);
      expect(response.body).toEqual({ userId: 'bob', balance: 0, held: 0 });
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    });

    it('answers 404 USER_NOT_FOUND for a valid token whose user has no wallet', async () => {
      const token = await api.system.cognito.issueToken({ sub: 'never-registered' });

      const response = await api.request('GET', `${API}/balance`, { token });

      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe('USER_NOT_FOUND');
    });
  });

  describe('POST /transfer', () => {
    it('moves coins and answers 201 with the transaction and the sender’s new balance', async () => {
      const before = await balanceOf(alice);

      const response = await api.request('POST', `${API}/transfer`, {
        token: alice,
        body: { toUserId: 'bob', amount: 25, description: 'coffee' },
      });

      expect(response.status).toBe(201);
      expect(response.body.balance).toBe(before - 25);
      expect(response.body.transaction).toMatchObject({
        fromUserId: 'alice',
        toUserId: 'bob',
        amount: 25,
        transactionType: 'transfer',
        description: 'coffee',
      });
      expect(new Date(response.body.transaction.timestamp).toISOString()).toBe(
        response.body.transaction.timestamp,
      );
    });

    it('replays the original result for the same Idempotency-Key and body, moving coins once', async () => {
      const request = {
        token: alice,
        body: { toUserId: 'bob', amount: 7 },
        headers: { 'Idempotency-Key': 'tip-42' },
      };
      const first = await api.request('POST', `${API}/transfer`, request);
      const bobAfterFirst = await balanceOf(bob);

      const second = await api.request('POST', `${API}/transfer`, request);

      expect(second.status).toBe(201);
      expect(second.body.transaction).toEqual(first.body.transaction);
      expect(second.headers.get('idempotent-replayed')).toBe('true');
      expect(await balanceOf(bob)).toBe(bobAfterFirst);
    });

    it('answers 409 IDEMPOTENCY_KEY_REUSED for the same key with another body', async () => {
      await api.request('POST', `${API}/transfer`, {
        token: alice,
        body: { toUserId: 'bob', amount: 3 },
        headers: { 'Idempotency-Key': 'reused' },
      });

      const response = await api.request('POST', `${API}/transfer`, {
        token: alice,
        body: { toUserId: 'bob', amount: 4 },
        headers: { 'Idempotency-Key': 'reused' },
      });

      expect(response.status).toBe(409);
      expect(response.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    });

    it.each([
      ['insufficient funds', 409, 'INSUFFICIENT_FUNDS', { toUserId: 'bob', amount: 999_999 }],
      ['an unknown recipient', 404, 'USER_NOT_FOUND', { toUserId: 'nobody', amount: 1 }],
      ['a self-transfer', 400, 'VALIDATION_ERROR', { toUserId: 'alice', amount: 1 }],
      ['a transfer to DASWOS AI', 400, 'VALIDATION_ERROR', { toUserId: '0', amount: 1 }],
      ['a zero amount', 400, 'VALIDATION_ERROR', { toUserId: 'bob', amount: 0 }],
      ['a negative amount', 400, 'VALIDATION_ERROR', { toUserId: 'bob', amount: -5 }],
      ['a fractional amount', 400, 'VALIDATION_ERROR', { toUserId: 'bob', amount: 1.5 }],
      ['an amount as a string', 400, 'VALIDATION_ERROR', { toUserId: 'bob', amount: '5' }],
      [
        'an amount over the supply',
        400,
        'VALIDATION_ERROR',
        { toUserId: 'bob', amount: 1_000_000_001 },
      ],
      [
        'a description over 500 characters',
        400,
        'VALIDATION_ERROR',
        { toUserId: 'bob', amount: 1, description: 'x'.repeat(501) },
      ],
      [
        'an unknown field',
        400,
        'VALIDATION_ERROR',
        { toUserId: 'bob', amount: 1, currency: 'usd' },
      ],
      ['a null body', 400, 'VALIDATION_ERROR', null],
      ['an array body', 400, 'VALIDATION_ERROR', [{ toUserId: 'bob', amount: 1 }]],
      ['a missing recipient', 400, 'VALIDATION_ERROR', { amount: 1 }],
    ] as const)('rejects %s with %i %s and changes nothing', async (_case, status, code, body) => {
      const aliceBefore = await balanceOf(alice);
      const bobBefore = await balanceOf(bob);

      const response = await api.request('POST', `${API}/transfer`, { token: alice, body });

      expect(response.status).toBe(status);
      expect(response.body.error.code).toBe(code);
      expect(typeof response.body.error.message).toBe('string');
      expect(await balanceOf(alice)).toBe(aliceBefore);
      expect(await balanceOf(bob)).toBe(bobBefore);
    });

    it('rejects malformed JSON with 400', async () => {
      const response = await api.request('POST', `${API}/transfer`, {
        token: alice,
        body: '{"toUserId": "bob",',
      });

      expect(response.status).toBe(400);
      expect(response.body.error).toEqual({
        code: 'VALIDATION_ERROR',
        message: 'The body must be valid JSON',
      });
    });

    it('rejects an Idempotency-Key that is too long', async () => {
      const response = await api.request('POST', `${API}/transfer`, {
        token: alice,
        body: { toUserId: 'bob', amount: 1 },
        headers: { 'Idempotency-Key': 'k'.repeat(256) },
      });

      expect(response.status).toBe(400);
    });
  });

  describe('POST /give', () => {
    it('gives coins from DASWOS AI as a giveaway with the reason as description', async () => {
      const supplyBefore = (await api.request('GET', `${API}/supply`)).body;

      const response = await api.request('POST', `${API}/give`, {
        token: admin,
        body: { userId: 'bob', amount: 10, reason: 'contest winner' },
      });

      expect(response.status).toBe(201);
      expect(response.body.transaction).toMatchObject({
        fromUserId: '0',
        toUserId: 'bob',
        amount: 10,
        transactionType: 'giveaway',
        description: 'contest winner',
      });
      const supplyAfter = (await api.request('GET', `${API}/supply`)).body;
      expect(supplyAfter.mintedAmount).toBe(supplyBefore.mintedAmount + 10);
    });

    it('replays a repeated Idempotency-Key once', async () => {
      const request = {
        token: admin,
        body: { userId: 'bob', amount: 2 },
        headers: { 'Idempotency-Key': 'g-1' },
      };
      const first = await api.request('POST', `${API}/give`, request);

      const second = await api.request('POST', `${API}/give`, request);

      expect(second.status).toBe(201);
      expect(second.body.transaction.transactionId).toBe(first.body.transaction.transactionId);
    });

    it('answers 404 for a user without a wallet and 400 for a bad amount', async () => {
      const unknown = await api.request('POST', `${API}/give`, {
        token: admin,
        body: { userId: 'ghost', amount: 1 },
      });
      const bad = await api.request('POST', `${API}/give`, {
        token: admin,
        body: { userId: 'bob', amount: 0 },
      });

      expect(unknown.status).toBe(404);
      expect(unknown.body.error.code).toBe('USER_NOT_FOUND');
      expect(bad.status).toBe(400);
    });
  });

  describe('GET /transactions', () => {
    it('pages through sent and received transactions, newest first, with a cursor', async () => {
      for (let i = 1; i <= 5; i++) {
        await api.request('POST', `${API}/transfer`, {
          token: alice,
          body: { toUserId: 'bob', amount: i, description: `page ${i}` },
        });
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = cursor ? `?limit=2&cursor=${encodeURIComponent(cursor)}` : '?limit=2';
        const response = await api.request('GET', `${API}/transactions${query}`, { token: bob });
        expect(response.status).toBe(200);
        expect(response.body.transactions.length).toBeLessThanOrEqual(2);
        seen.push(
          ...response.body.transactions.map((t: { transactionId: string }) => t.transactionId),
        );
        cursor = response.body.nextCursor;
      } while (cursor);

      const all = await api.request('GET', `${API}/transactions?limit=100`, { token: bob });
      expect(seen).toEqual(
        all.body.transactions.map((t: { transactionId: string }) => t.transactionId),
      );
      const times = all.body.transactions.map((t: { timestamp: string }) => t.timestamp);
      expect([...times].sort().reverse()).toEqual(times);
    });

    it('defaults to 20 per page', async () => {
      const response = await api.request('GET', `${API}/transactions`, { token: alice });

      expect(response.status).toBe(200);
      expect(response.body.transactions.length).toBeLessThanOrEqual(20);
    });

    it.each([
      'limit=0',
      'limit=101',
      'limit=abc',
      'limit=1.5',
      'limit=',
      'cursor=not-a-cursor',
      'other=1',
    ])('rejects the query %s with 400', async (query) => {
      const response = await api.request('GET', `${API}/transactions?${query}`, { token: bob });

      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_ERROR');
    });

    it('refuses another user’s cursor', async () => {
      const page = await api.request('GET', `${API}/transactions?limit=1`, { token: bob });
      expect(page.body.nextCursor).toEqual(expect.any(String));

      const response = await api.request(
        'GET',
        `${API}/transactions?cursor=${page.body.nextCursor}`,
        { token: alice },
      );

      expect(response.status).toBe(400);
    });
  });

  describe('GET /supply', () => {
    it('answers the total, minted and remaining amounts to anyone', async () => {
      const response = await api.request('GET', `${API}/supply`);

      expect(response.status).toBe(200);
      expect(response.body.totalAmount).toBe(1_000_000_000);
      expect(response.body.mintedAmount + response.body.remainingAmount).toBe(1_000_000_000);
    });
  });

  it('answers an unknown route with a JSON 404', async () => {
    const response = await api.request('GET', `${API}/nothing-here`, { token: alice });

    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('NOT_FOUND');
  });
});
