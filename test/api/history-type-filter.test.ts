import { API, startTestSystem, type TestSystem } from '#test/support/test-system';

describe('GET /transactions?type=', () => {
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
      body: { userId: 'alice', amount: 100, reason: 'welcome' },
    });
    expect(funded.status).toBe(201);
    for (const amount of [1, 2]) {
      const sent = await api.request('POST', `${API}/transfer`, {
        token: alice,
        body: { toUserId: 'bob', amount },
      });
      expect(sent.status).toBe(201);
    }
  });

  afterAll(async () => {
    expect((await api.audit()).breaches).toEqual([]);
    await api.stop();
  });

  const typesOf = (body: { transactions: { transactionType: string }[] }) =>
    body.transactions.map((transaction) => transaction.transactionType);

  it('lists only the transactions of the type asked for', async () => {
    const response = await api.request('GET', `${API}/transactions?type=transfer`, {
      token: alice,
    });

    expect(response.status).toBe(200);
    expect(typesOf(response.body)).toEqual(['transfer', 'transfer']);
    expect(response.body.nextCursor).toBeNull();
  });

  it('takes several types separated by commas', async () => {
    const response = await api.request('GET', `${API}/transactions?type=giveaway,transfer`, {
      token: alice,
    });

    expect(response.status).toBe(200);
    expect(typesOf(response.body)).toEqual(['transfer', 'transfer', 'giveaway']);
  });

  it('filters a user’s history for an admin too', async () => {
    const response = await api.request(
      'GET',
      `${API}/admin/users/alice/transactions?type=giveaway`,
      {
        token: admin,
      },
    );

    expect(response.status).toBe(200);
    expect(typesOf(response.body)).toEqual(['giveaway']);
  });

  it.each(['type=gift', 'type=', 'type=transfer,', 'type=Transfer', 'type=transfer;purchase'])(
    'rejects the query %s with 400',
    async (query) => {
      const response = await api.request('GET', `${API}/transactions?${query}`, { token: alice });

      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_ERROR');
    },
  );

  it.each(['/admin/actions', '/grants'])(
    'refuses ?type= on %s, a list that is not a history',
    async (path) => {
      const response = await api.request('GET', `${API}${path}?type=transfer`, { token: admin });

      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_ERROR');
    },
  );
});
