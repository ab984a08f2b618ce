import { holdRequests, SPEND } from '#test/holds/holds-support';
import { API, startTestSystem, type TestSystem } from '#test/support/test-system';

describe('holds', () => {
  let api: TestSystem;
  let admin: string;
  let shop: string;
  let users = 0;
  const h = () => holdRequests(api, () => ({ admin, shop }));
  /** A fresh user with `coins`, so each test reads its own balances. */
  const funded = async (coins: number) => {
    users += 1;
    const userId = `user-${users}`;
    await api.register(userId);
    if (coins > 0) await h().give(userId, coins);
    return userId;
  };

  beforeAll(async () => {
    api = await startTestSystem({ totalSupply: 1_000_000 });
    admin = await api.register('admin-1', ['admin']);
    shop = await api.serviceToken('shop', [SPEND]);
  });

  afterEach(async () => {
    expect((await api.audit()).breaches).toEqual([]);
  });

  afterAll(async () => {
    await api.stop();
  });

  describe('POST /holds', () => {
    it('moves the coins from balance to held and answers 201 with the hold and the balance', async () => {
      const userId = await funded(100);

      const response = await h().place({
        userId,
        amount: 40,
        feature: 'boost',
        description: 'Boost, pending',
        expiresInSeconds: 120,
      });

      expect(response.status).toBe(201);
      expect(response.body.balance).toBe(60);
      expect(response.body.hold).toMatchObject({
        userId,
        amount: 40,
        feature: 'boost',
        description: 'Boost, pending',
        status: 'held',
        clientId: 'shop',
      });
      const { createdAt, expiresAt } = response.body.hold;
      expect(Date.parse(expiresAt) - Date.parse(createdAt)).toBe(120_000);
      expect(await h().wallet(userId)).toEqual({ userId, balance: 60, held: 40 });
    });

    it('expires after 900 seconds unless told otherwise', async () => {
      const userId = await funded(10);

      const { hold } = (await h().place({ userId, amount: 1, feature: 'boost' })).body;

      expect(Date.parse(hold.expiresAt) - Date.parse(hold.createdAt)).toBe(900_000);
    });

    it('replays the same Idempotency-Key and body, holding once', async () => {
      const userId = await funded(10);
      const body = { userId, amount: 3, feature: 'boost' };
      const first = await h().place(body, 'same-hold');

      const second = await h().place(body, 'same-hold');

      expect(second.status).toBe(201);
      expect(second.headers.get('idempotent-replayed')).toBe('true');
      expect(second.body.hold).toEqual(first.body.hold);
      expect(await h().wallet(userId)).toMatchObject({ balance: 7, held: 3 });
    });

    it('answers 409 IDEMPOTENCY_KEY_REUSED for the same key with another body', async () => {
      const userId = await funded(10);
      await h().place({ userId, amount: 3, feature: 'boost' }, 'reused-hold');

      const response = await h().place({ userId, amount: 4, feature: 'boost' }, 'reused-hold');

      expect(response.status).toBe(409);
      expect(response.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    });

    it.each<[string, Record<string, unknown>, string | null]>([
      ['no Idempotency-Key', {}, null],
      ['expiresInSeconds under 60', { expiresInSeconds: 59 }, 'short'],
      ['expiresInSeconds over 604,800', { expiresInSeconds: 604_801 }, 'long'],
      ['a fractional expiresInSeconds', { expiresInSeconds: 60.5 }, 'fraction'],
      ['an amount of 0', { amount: 0 }, 'zero'],
      ['a bad feature', { feature: 'Boost!' }, 'feature'],
      ['an unknown field', { price: 3 }, 'unknown'],
    ])('answers 400 VALIDATION_ERROR for %s, and holds nothing', async (_case, change, key) => {
      const userId = await funded(10);

      const response = await h().place({ userId, amount: 1, feature: 'boost', ...change }, key);

      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_ERROR');
      expect(await h().wallet(userId)).toMatchObject({ balance: 10, held: 0 });
    });

    it('answers 409 INSUFFICIENT_FUNDS when the balance (not counting held coins) does not cover it', async () => {
      const userId = await funded(10);
      await h().place({ userId, amount: 8, feature: 'boost' });

      const response = await h().place({ userId, amount: 3, feature: 'boost' });

      expect(response.status).toBe(409);
      expect(response.body.error.code).toBe('INSUFFICIENT_FUNDS');
    });

    it('answers 404 USER_NOT_FOUND for a user without a wallet', async () => {
      const response = await h().place({ userId: 'nobody-here', amount: 1, feature: 'boost' });

      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe('USER_NOT_FOUND');
    });

    it('answers 409 WALLET_FROZEN for a frozen wallet, and holds nothing', async () => {
      const userId = await funded(10);
      await api.setWalletAttributes(userId, { frozen: true });

      const response = await h().place({ userId, amount: 1, feature: 'boost' });

      expect(response.status).toBe(409);
      expect(response.body.error.code).toBe('WALLET_FROZEN');
      await api.setWalletAttributes(userId, { frozen: false });
      expect(await h().wallet(userId)).toMatchObject({ balance: 10, held: 0 });
    });

    it('answers 403 FORBIDDEN over the service’s largest single amount', async () => {
      const userId = await funded(200_000);

      const response = await h().place({ userId, amount: 100_001, feature: 'boost' });

      expect(response.status).toBe(403);
    });
  });

  describe('GET /holds/{holdId}', () => {
    it('answers the hold', async () => {
      const userId = await funded(10);
      const placed = (await h().place({ userId, amount: 2, feature: 'boost' })).body.hold;

      const response = await h().get(placed.holdId);

      expect(response.status).toBe(200);
      expect(response.body.hold).toEqual(placed);
    });

    it('never shows held past expiresAt: it releases the hold and answers expired', async () => {
      const userId = await funded(10);
      const placed = (await h().place({ userId, amount: 4, feature: 'boost' })).body.hold;
      await api.expireHoldSecondsAgo(placed.holdId);

      const response = await h().get(placed.holdId);

      expect(response.body.hold.status).toBe('expired');
      expect(await h().wallet(userId)).toMatchObject({ balance: 10, held: 0 });
    });

    it('answers 404 HOLD_NOT_FOUND for an unknown hold and 400 for a malformed id', async () => {
      const missing = await h().get('hold_doesnotexist');
      const malformed = await h().get('not-a-hold');

      expect(missing.status).toBe(404);
      expect(missing.body.error.code).toBe('HOLD_NOT_FOUND');
      expect(malformed.status).toBe(400);
    });

    it('answers 403 FORBIDDEN to a user token', async () => {
      const userId = await funded(10);
      const placed = (await h().place({ userId, amount: 1, feature: 'boost' })).body.hold;

      const response = await h().get(placed.holdId, await api.register(userId));

      expect(response.status).toBe(403);
    });
  });

  describe('the sweeper', () => {
    it('releases every hold past its expiry and leaves the others held', async () => {
      const userId = await funded(30);
      const due = await Promise.all(
        [1, 2, 3].map(
          async (amount) => (await h().place({ userId, amount, feature: 'boost' })).body.hold,
        ),
      );
      const later = (await h().place({ userId, amount: 4, feature: 'boost' })).body.hold;
      for (const hold of due) await api.expireHoldSecondsAgo(hold.holdId);

      const report = await api.system.sweepHolds();

      expect(report.expired).toBe(3);
      expect(await h().wallet(userId)).toMatchObject({ balance: 26, held: 4 });
      expect((await h().get(later.holdId)).body.hold.status).toBe('held');
      expect((await api.system.sweepHolds()).expired).toBe(0);
    });
  });

  describe('GET /holds (user)', () => {
    it('lists the caller’s own holds, newest first, and only the active ones with ?status=held', async () => {
      const userId = await funded(30);
      const other = await funded(30);
      const first = (await h().place({ userId, amount: 1, feature: 'boost' })).body.hold;
      const second = (await h().place({ userId, amount: 2, feature: 'boost' })).body.hold;
      await h().place({ userId: other, amount: 3, feature: 'boost' });
      await h().void(first.holdId);
      const token = await api.register(userId);

      const all = await api.request('GET', `${API}/holds`, { token });
      const active = await api.request('GET', `${API}/holds?status=held`, { token });

      expect(all.status).toBe(200);
      expect(all.body.holds.map((hold: { holdId: string }) => hold.holdId)).toEqual([
        second.holdId,
        first.holdId,
      ]);
      expect(active.body.holds).toEqual([second]);
    });

    it('answers 400 VALIDATION_ERROR for an unknown status, and 403 to a service token', async () => {
      const token = await api.register(await funded(0));

      const bad = await api.request('GET', `${API}/holds?status=pending`, { token });
      const service = await api.request('GET', `${API}/holds`, { token: shop });

      expect(bad.status).toBe(400);
      expect(service.status).toBe(403);
    });
  });
});
