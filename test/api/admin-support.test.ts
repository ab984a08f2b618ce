import { defaultLedger } from '#shared/ledger/ledger';
import { API, startTestSystem, type TestSystem } from '#test/support/test-system';

describe('admin support tools', () => {
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
    await freeze('alice', false);
  });

  afterAll(async () => {
    await api.stop();
  });

  const balanceOf = async (token: string) =>
    (await api.request('GET', `${API}/balance`, { token })).body.balance as number;
  const freeze = (userId: string, frozen = true, reason = 'support ticket 42') =>
    api.request('POST', `${API}/admin/users/${userId}/${frozen ? 'freeze' : 'unfreeze'}`, {
      token: admin,
      body: { reason },
    });
  const transfer = (token: string, toUserId: string, amount: number) =>
    api.request('POST', `${API}/transfer`, { token, body: { toUserId, amount } });

  describe('GET /admin/users/{userId}', () => {
    it('answers the wallet as support sees it', async () => {
      const response = await api.request('GET', `${API}/admin/users/alice`, { token: admin });

      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        userId: 'alice',
        balance: await balanceOf(alice),
        frozen: false,
        createdAt: expect.any(String),
        lastUpdated: expect.any(String),
      });
    });

    it('answers 404 USER_NOT_FOUND for a user without a wallet', async () => {
      const response = await api.request('GET', `${API}/admin/users/nobody`, { token: admin });

      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe('USER_NOT_FOUND');
    });

    it('answers 403 FORBIDDEN to a user token', async () => {
      const response = await api.request('GET', `${API}/admin/users/alice`, { token: bob });

      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe('FORBIDDEN');
    });
  });

  describe('GET /admin/users/{userId}/transactions', () => {
    it('pages through another user’s history, newest first', async () => {
      await transfer(alice, 'bob', 1);
      await transfer(alice, 'bob', 2);

      const first = await api.request('GET', `${API}/admin/users/bob/transactions?limit=1`, {
        token: admin,
      });
      const second = await api.request(
        'GET',
        `${API}/admin/users/bob/transactions?limit=1&cursor=${first.body.nextCursor}`,
        { token: admin },
      );

      expect(first.status).toBe(200);
      expect(first.body.transactions.map((t: { amount: number }) => t.amount)).toEqual([2]);
      expect(second.body.transactions.map((t: { amount: number }) => t.amount)).toEqual([1]);
    });
  });

  describe('POST /admin/users/{userId}/freeze and /unfreeze', () => {
    it('lets a frozen wallet receive but not send (409 WALLET_FROZEN), then send again once unfrozen', async () => {
      const frozen = await freeze('alice');
      const aliceBefore = await balanceOf(alice);

      const sent = await transfer(alice, 'bob', 5);
      const received = await transfer(bob, 'alice', 1);
      const lookup = await api.request('GET', `${API}/admin/users/alice`, { token: admin });
      await freeze('alice', false);
      const afterUnfreeze = await transfer(alice, 'bob', 5);

      expect(frozen.status).toBe(200);
      expect(frozen.body).toEqual({ userId: 'alice', frozen: true, actionId: expect.any(String) });
      expect(sent.status).toBe(409);
      expect(sent.body.error.code).toBe('WALLET_FROZEN');
      expect(received.status).toBe(201);
      expect(lookup.body.frozen).toBe(true);
      expect(afterUnfreeze.status).toBe(201);
      expect(await balanceOf(alice)).toBe(aliceBefore + 1 - 5);
    });

    it('refuses a transfer when the freeze commits while the transfer is in flight', async () => {
      // The freeze lands after the transfer handler has started, just before its
      // TransactWriteItems reaches DynamoDB: only a condition inside that transaction sees it.
      const db = defaultLedger().context.db;
      let armed = true;
      db.middlewareStack.add(
        (next, context) => async (args) => {
          const isTransfer =
            context.commandName === 'TransactWriteItemsCommand' &&
            JSON.stringify(args.input).includes('"transfer"');
          if (armed && isTransfer) {
            armed = false;
            expect((await freeze('alice')).status).toBe(200);
          }
          return next(args);
        },
        { step: 'initialize', name: 'freezeInFlight' },
      );
      const before = { alice: await balanceOf(alice), bob: await balanceOf(bob) };

      try {
        const response = await transfer(alice, 'bob', 10);

        expect(response.status).toBe(409);
        expect(response.body.error.code).toBe('WALLET_FROZEN');
      } finally {
        db.middlewareStack.remove('freezeInFlight');
      }
      expect({ alice: await balanceOf(alice), bob: await balanceOf(bob) }).toEqual(before);
    });

    it('keeps the books exact when a freeze races 20 concurrent transfers', async () => {
      const before = await balanceOf(alice);

      const [frozen, ...answers] = await Promise.all([
        freeze('alice'),
        ...Array.from({ length: 20 }, () => transfer(alice, 'bob', 1)),
      ]);
      const after = await transfer(alice, 'bob', 1);

      expect(frozen?.status).toBe(200);
      const statuses = answers.map((answer) => answer.status);
      expect(statuses.every((status) => status === 201 || status === 409)).toBe(true);
      const sent = statuses.filter((status) => status === 201).length;
      expect(await balanceOf(alice)).toBe(before - sent);
      expect(after.body.error.code).toBe('WALLET_FROZEN');
    });

    it.each([
      ['no reason', {}, 400, 'VALIDATION_ERROR'],
      ['an empty reason', { reason: '' }, 400, 'VALIDATION_ERROR'],
      ['a blank reason', { reason: '   ' }, 400, 'VALIDATION_ERROR'],
      ['an unknown field', { reason: 'x', until: 'tomorrow' }, 400, 'VALIDATION_ERROR'],
    ] as const)('rejects %s and freezes nothing', async (_case, body, status, code) => {
      const response = await api.request('POST', `${API}/admin/users/alice/freeze`, {
        token: admin,
        body,
      });

      expect(response.status).toBe(status);
      expect(response.body.error.code).toBe(code);
      expect((await transfer(alice, 'bob', 1)).status).toBe(201);
    });

    it('answers 404 USER_NOT_FOUND for an unknown wallet and 400 for DASWOS AI', async () => {
      const unknown = await freeze('nobody');
      const system = await freeze('0');

      expect(unknown.status).toBe(404);
      expect(unknown.body.error.code).toBe('USER_NOT_FOUND');
      expect(system.status).toBe(400);
      expect(system.body.error.code).toBe('VALIDATION_ERROR');
    });
  });

  describe('GET /admin/actions', () => {
    it('lists who froze and unfroze which wallet and why, newest first, paged', async () => {
      await freeze('bob', true, 'chargeback investigation');
      await freeze('bob', false, 'cleared');

      const first = await api.request('GET', `${API}/admin/actions?limit=1`, { token: admin });
      const second = await api.request(
        'GET',
        `${API}/admin/actions?limit=1&cursor=${first.body.nextCursor}`,
        { token: admin },
      );

      expect(first.status).toBe(200);
      expect(first.body.actions).toEqual([
        expect.objectContaining({
          adminId: 'admin-1',
          action: 'unfreeze',
          userId: 'bob',
          reason: 'cleared',
        }),
      ]);
      expect(second.body.actions).toEqual([
        expect.objectContaining({
          action: 'freeze',
          userId: 'bob',
          reason: 'chargeback investigation',
        }),
      ]);
    });

    it('rejects a cursor of another list with 400 VALIDATION_ERROR', async () => {
      const history = await api.request('GET', `${API}/transactions?limit=1`, { token: alice });

      const response = await api.request(
        'GET',
        `${API}/admin/actions?cursor=${history.body.nextCursor}`,
        { token: admin },
      );

      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_ERROR');
    });
  });
});
