import { LOCAL_SERVICE_CLIENTS } from '#shared/services/service-clients';
import { API, startTestSystem, type TestSystem } from '#test/support/test-system';

const REWARD = 'daswos-coins/reward';

describe('rewards', () => {
  let api: TestSystem;
  let rewards: string;

  const reward = (body: unknown, token = rewards) =>
    api.request('POST', `${API}/rewards`, { token, body });
  const balanceOf = async (token: string) =>
    (await api.request('GET', `${API}/balance`, { token })).body.balance as number;

  beforeAll(async () => {
    // A second reward service, to report an occurrence the first one already did.
    process.env.SERVICE_CLIENTS = JSON.stringify({
      ...LOCAL_SERVICE_CLIENTS,
      'rewards-2': { name: 'Another rewards service', scopes: [REWARD], maxAmount: 1_000 },
    });
    api = await startTestSystem({ totalSupply: 1_000_000 });
    rewards = await api.serviceToken('rewards', [REWARD]);
  });

  afterEach(async () => {
    expect((await api.audit()).breaches).toEqual([]);
  });

  afterAll(async () => {
    await api.stop();
    delete process.env.SERVICE_CLIENTS;
  });

  describe('GET /rewards/rules', () => {
    it('lists the catalogue to anyone', async () => {
      const response = await api.request('GET', `${API}/rewards/rules`);

      expect(response.status).toBe(200);
      expect(response.body.rules).toEqual([
        { action: 'daily-login', coins: 5, dailyLimit: 1 },
        { action: 'listing-created', coins: 10, dailyLimit: 5 },
        { action: 'review-written', coins: 20, dailyLimit: 3 },
        { action: 'profile-completed', coins: 50, lifetimeLimit: 1 },
      ]);
    });
  });

  describe('POST /rewards', () => {
    it('mints the rule’s coins to the user as a reward naming the action', async () => {
      const alice = await api.register('alice');
      const before = (await api.request('GET', `${API}/supply`)).body.mintedAmount as number;

      const response = await reward({
        userId: 'alice',
        action: 'review-written',
        occurrenceId: 'review-1',
      });

      expect(response.status).toBe(201);
      expect(response.headers.get('idempotent-replayed')).toBeNull();
      expect(response.body.transaction).toMatchObject({
        fromUserId: '0',
        toUserId: 'alice',
        amount: 20,
        transactionType: 'reward',
        description: 'Reward for review-written',
        referenceId: 'review-written/review-1',
      });
      expect(await balanceOf(alice)).toBe(20);
      expect((await api.request('GET', `${API}/supply`)).body.mintedAmount).toBe(before + 20);
    });

    it('replays the same occurrence, whichever service reports it again', async () => {
      const bob = await api.register('bob');
      const other = await api.serviceToken('rewards-2', [REWARD]);
      const body = { userId: 'bob', action: 'listing-created', occurrenceId: 'listing-9' };
      const first = await reward(body);

      const again = await reward(body);
      const fromOther = await reward(body, other);

      for (const replay of [again, fromOther]) {
        expect(replay.status).toBe(201);
        expect(replay.headers.get('idempotent-replayed')).toBe('true');
        expect(replay.body.transaction).toEqual(first.body.transaction);
      }
      expect(await balanceOf(bob)).toBe(10);
    });

    it('answers 409 IDEMPOTENCY_KEY_REUSED for the same occurrence for another user', async () => {
      await api.register('carol');
      await api.register('dave');
      await reward({ userId: 'carol', action: 'listing-created', occurrenceId: 'listing-10' });

      const response = await reward({
        userId: 'dave',
        action: 'listing-created',
        occurrenceId: 'listing-10',
      });

      expect(response.status).toBe(409);
      expect(response.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    });

    it('pays exactly the daily limit of 20 concurrent rewards for one action (limit 5)', async () => {
      const erin = await api.register('erin');

      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          reward({ userId: 'erin', action: 'listing-created', occurrenceId: `erin-listing-${i}` }),
        ),
      );

      const statuses = responses.map((response) => response.status);
      expect(statuses.filter((status) => status === 201)).toHaveLength(5);
      expect(statuses.filter((status) => status === 409)).toHaveLength(15);
      for (const response of responses.filter((r) => r.status === 409)) {
        expect(response.body.error.code).toBe('REWARD_LIMIT_REACHED');
      }
      expect(await balanceOf(erin)).toBe(50);
    });

    it('still replays a paid occurrence after the daily limit is reached', async () => {
      await api.register('fay');
      const login = { userId: 'fay', action: 'daily-login', occurrenceId: 'fay-login-1' };
      await reward(login);

      const replay = await reward(login);
      const another = await reward({ ...login, occurrenceId: 'fay-login-2' });

      expect([replay.status, replay.headers.get('idempotent-replayed')]).toEqual([201, 'true']);
      expect([another.status, another.body.error.code]).toEqual([409, 'REWARD_LIMIT_REACHED']);
    });

    it('pays a lifetime reward once per user', async () => {
      const gus = await api.register('gus');
      await reward({ userId: 'gus', action: 'profile-completed', occurrenceId: 'gus-profile' });

      const again = await reward({
        userId: 'gus',
        action: 'profile-completed',
        occurrenceId: 'gus-profile-2',
      });

      expect([again.status, again.body.error.code]).toEqual([409, 'REWARD_LIMIT_REACHED']);
      expect(await balanceOf(gus)).toBe(50);
    });

    it('answers 400 for an action not in the catalogue, naming it', async () => {
      await api.register('hal');

      const response = await reward({ userId: 'hal', action: 'bought-a-car', occurrenceId: 'x' });

      expect(response.status).toBe(400);
      expect(response.body.error.message).toMatch(/^action:/);
    });

    it('answers 400 for a body without an occurrence id, and for unknown fields', async () => {
      const missing = await reward({ userId: 'hal', action: 'daily-login' });
      const extra = await reward({
        userId: 'hal',
        action: 'daily-login',
        occurrenceId: 'y',
        coins: 9,
      });

      expect(missing.status).toBe(400);
      expect(extra.status).toBe(400);
      expect(extra.body.error.message).toContain('coins');
    });

    it('answers 404 USER_NOT_FOUND for a user without a wallet', async () => {
      const response = await reward({
        userId: 'nobody-here',
        action: 'daily-login',
        occurrenceId: 'z',
      });

      expect([response.status, response.body.error.code]).toEqual([404, 'USER_NOT_FOUND']);
    });
  });

  describe('who may reward', () => {
    const body = { userId: 'alice', action: 'daily-login', occurrenceId: 'auth-check' };

    it('answers 401 without a token', async () => {
      expect((await reward(body, '')).status).toBe(401);
    });

    it('answers 403 FORBIDDEN to a user’s token', async () => {
      const user = await api.register('ivy');

      const response = await reward(body, user);

      expect([response.status, response.body.error.code]).toEqual([403, 'FORBIDDEN']);
    });

    it('answers 403 FORBIDDEN to a service token with only the spend scope', async () => {
      const shop = await api.serviceToken('shop', ['daswos-coins/spend']);

      const response = await reward(body, shop);

      expect([response.status, response.body.error.code]).toEqual([403, 'FORBIDDEN']);
    });
  });
});
