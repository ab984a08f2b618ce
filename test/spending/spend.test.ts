import { API, startTestSystem, type TestSystem } from '#test/support/test-system';

const SPEND = 'daswos-coins/spend';

describe('POST /spend', () => {
  let api: TestSystem;
  let admin: string;
  let alice: string;
  let shop: string;

  const give = async (userId: string, amount: number) => {
    const response = await api.request('POST', `${API}/give`, {
      token: admin,
      body: { userId, amount },
    });
    expect(response.status).toBe(201);
  };
  const spend = (body: unknown, key?: string, token = shop) =>
    api.request('POST', `${API}/spend`, {
      token,
      body,
      ...(key === undefined ? {} : { headers: { 'Idempotency-Key': key } }),
    });
  const balanceOf = async (token: string) =>
    (await api.request('GET', `${API}/balance`, { token })).body.balance as number;
  const supply = async () => (await api.request('GET', `${API}/supply`)).body;

  beforeAll(async () => {
    api = await startTestSystem({ totalSupply: 1_000_000 });
    admin = await api.register('admin-1', ['admin']);
    alice = await api.register('alice');
    shop = await api.serviceToken('shop', [SPEND]);
    await give('alice', 1_000);
  });

  afterEach(async () => {
    expect((await api.audit()).breaches).toEqual([]);
  });

  afterAll(async () => {
    await api.stop();
  });

  it('moves the coins from the user to DASWOS AI and answers 201 with the spend and the balance', async () => {
    const before = await balanceOf(alice);
    const mintedBefore = (await supply()).mintedAmount;

    const response = await spend(
      { userId: 'alice', amount: 30, feature: 'boost', description: 'Boost listing 7' },
      'boost-7',
    );

    expect(response.status).toBe(201);
    expect(response.body.balance).toBe(before - 30);
    expect(response.body.transaction).toMatchObject({
      fromUserId: 'alice',
      toUserId: '0',
      amount: 30,
      transactionType: 'spend',
      feature: 'boost',
      description: 'Boost listing 7',
    });
    // Spent coins leave circulation: they can be sold again.
    expect((await supply()).mintedAmount).toBe(mintedBefore - 30);
  });

  it('shows the spend with its feature in the user’s history', async () => {
    await spend({ userId: 'alice', amount: 2, feature: 'premium-badge' }, 'badge-1');

    const history = await api.request('GET', `${API}/transactions?limit=5`, { token: alice });

    expect(history.body.transactions[0]).toMatchObject({
      transactionType: 'spend',
      feature: 'premium-badge',
      amount: 2,
    });
  });

  it('replays the same Idempotency-Key and body once, with Idempotent-Replayed', async () => {
    const body = { userId: 'alice', amount: 4, feature: 'boost' };
    const first = await spend(body, 'replay-me');
    const balance = await balanceOf(alice);

    const second = await spend(body, 'replay-me');

    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.body.transaction).toEqual(first.body.transaction);
    expect(await balanceOf(alice)).toBe(balance);
  });

  it('answers 409 IDEMPOTENCY_KEY_REUSED for the same key with another body', async () => {
    await spend({ userId: 'alice', amount: 1, feature: 'boost' }, 'reused');

    const response = await spend({ userId: 'alice', amount: 2, feature: 'boost' }, 'reused');

    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it.each<[string, unknown, string | undefined]>([
    ['no Idempotency-Key', { userId: 'alice', amount: 1, feature: 'boost' }, undefined],
    ['an amount of 0', { userId: 'alice', amount: 0, feature: 'boost' }, 'bad-1'],
    ['a fractional amount', { userId: 'alice', amount: 1.5, feature: 'boost' }, 'bad-2'],
    ['no feature', { userId: 'alice', amount: 1 }, 'bad-3'],
    ['a feature with spaces', { userId: 'alice', amount: 1, feature: 'big boost' }, 'bad-4'],
    ['an unknown field', { userId: 'alice', amount: 1, feature: 'boost', price: 1 }, 'bad-5'],
    ['DASWOS AI as the user', { userId: '0', amount: 1, feature: 'boost' }, 'bad-6'],
    [
      'a description over 500 characters',
      { userId: 'alice', amount: 1, feature: 'boost', description: 'x'.repeat(501) },
      'bad-7',
    ],
    ['malformed JSON', '{"userId":', 'bad-8'],
  ])('answers 400 VALIDATION_ERROR for %s, and changes nothing', async (_case, body, key) => {
    const before = await api.audit();

    const response = await spend(body, key);

    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_ERROR');
    expect((await api.audit()).transactions).toBe(before.transactions);
  });

  it('answers 403 FORBIDDEN for more than the service may move at once (its maxAmount)', async () => {
    await api.register('whale');
    await give('whale', 200_000);

    const response = await spend({ userId: 'whale', amount: 100_001, feature: 'boost' }, 'big');

    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('FORBIDDEN');
    expect(response.body.error.message).toMatch(/at most 100000/);
  });

  it('answers 409 INSUFFICIENT_FUNDS when the balance does not cover the amount', async () => {
    const response = await spend({ userId: 'alice', amount: 5_000, feature: 'boost' }, 'too-much');

    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('INSUFFICIENT_FUNDS');
  });

  it('answers 404 USER_NOT_FOUND for a user without a wallet', async () => {
    const response = await spend({ userId: 'nobody', amount: 1, feature: 'boost' }, 'nobody-1');

    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('USER_NOT_FOUND');
  });

  it('answers 409 WALLET_FROZEN for a frozen wallet, and takes nothing', async () => {
    await api.register('frozen-fred');
    await give('frozen-fred', 50);
    await api.setWalletAttributes('frozen-fred', { frozen: true });

    const response = await spend({ userId: 'frozen-fred', amount: 5, feature: 'boost' }, 'fred-1');

    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('WALLET_FROZEN');
  });

  it('lets exactly 20 of 50 concurrent spends through against a balance covering 20', async () => {
    await api.register('carol');
    await give('carol', 20 * 7);

    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        spend({ userId: 'carol', amount: 7, feature: 'boost' }, `carol-${i}`),
      ),
    );

    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(20);
    expect(statuses.filter((status) => status === 409)).toHaveLength(30);
    expect(
      responses
        .filter((response) => response.status === 409)
        .every((response) => response.body.error.code === 'INSUFFICIENT_FUNDS'),
    ).toBe(true);
    const wallet = await api.request('GET', `${API}/balance`, {
      token: await api.system.cognito.issueToken({ sub: 'carol' }),
    });
    expect(wallet.body.balance).toBe(0);
  });
});
