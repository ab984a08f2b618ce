import { holdRequests, SPEND } from '#test/holds/holds-support';
import { API, startTestSystem, type TestSystem } from '#test/support/test-system';

describe('settling holds: capture and void', () => {
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
  const supply = async () => (await api.request('GET', `${API}/supply`)).body;

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

  describe('POST /holds/{holdId}/capture', () => {
    it('captures the whole hold as a spend: held goes down, the balance stays, minted goes down', async () => {
      const userId = await funded(50);
      const placed = (await h().place({ userId, amount: 20, feature: 'premium' })).body.hold;
      const mintedBefore = (await supply()).mintedAmount;

      const response = await h().capture(placed.holdId);

      expect(response.status).toBe(200);
      expect(response.body.hold).toMatchObject({ status: 'captured', capturedAmount: 20 });
      expect(response.body.transaction).toMatchObject({
        fromUserId: userId,
        toUserId: '0',
        amount: 20,
        transactionType: 'spend',
        feature: 'premium',
        referenceId: placed.holdId,
      });
      expect(await h().wallet(userId)).toMatchObject({ balance: 30, held: 0 });
      expect((await supply()).mintedAmount).toBe(mintedBefore - 20);
      const record = await api.readTransaction(response.body.transaction.transactionId);
      expect(record?.client_id).toBe('shop');
    });

    it('captures part of a hold and gives the rest back to the balance', async () => {
      const userId = await funded(50);
      const placed = (await h().place({ userId, amount: 20, feature: 'boost' })).body.hold;

      const response = await h().capture(placed.holdId, { amount: 12 });

      expect(response.body.hold).toMatchObject({ status: 'captured', capturedAmount: 12 });
      expect(response.body.transaction.amount).toBe(12);
      expect(await h().wallet(userId)).toMatchObject({ balance: 38, held: 0 });
    });

    it('replays a capture of a captured hold, whatever the key', async () => {
      const userId = await funded(50);
      const placed = (await h().place({ userId, amount: 5, feature: 'boost' })).body.hold;
      const first = await h().capture(placed.holdId, { amount: 5 });

      const again = await h().capture(placed.holdId, { amount: 5 });

      expect(again.status).toBe(200);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.body).toEqual(first.body);
      expect(await h().wallet(userId)).toMatchObject({ balance: 45, held: 0 });
    });

    it.each([
      ['more than held', { amount: 21 }],
      ['an amount of 0', { amount: 0 }],
      ['an unknown field', { amount: 1, all: true }],
    ])('answers 400 VALIDATION_ERROR for %s, and captures nothing', async (_case, body) => {
      const userId = await funded(50);
      const placed = (await h().place({ userId, amount: 20, feature: 'boost' })).body.hold;

      const response = await h().capture(placed.holdId, body);

      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_ERROR');
      expect((await h().get(placed.holdId)).body.hold.status).toBe('held');
    });

    it('answers 400 VALIDATION_ERROR without an Idempotency-Key', async () => {
      const userId = await funded(5);
      const placed = (await h().place({ userId, amount: 1, feature: 'boost' })).body.hold;

      const response = await h().capture(placed.holdId, undefined, null);

      expect(response.status).toBe(400);
    });

    it('answers 409 HOLD_NOT_ACTIVE after a void', async () => {
      const userId = await funded(5);
      const placed = (await h().place({ userId, amount: 1, feature: 'boost' })).body.hold;
      await h().void(placed.holdId);

      const response = await h().capture(placed.holdId);

      expect(response.status).toBe(409);
      expect(response.body.error.code).toBe('HOLD_NOT_ACTIVE');
    });

    it('answers 409 HOLD_EXPIRED after its expiry, and gives the coins back', async () => {
      const userId = await funded(5);
      const placed = (await h().place({ userId, amount: 3, feature: 'boost' })).body.hold;
      await api.expireHoldSecondsAgo(placed.holdId);

      const response = await h().capture(placed.holdId);

      expect(response.status).toBe(409);
      expect(response.body.error.code).toBe('HOLD_EXPIRED');
      expect(await h().wallet(userId)).toMatchObject({ balance: 5, held: 0 });
    });

    it('answers 404 HOLD_NOT_FOUND for an unknown hold', async () => {
      const response = await h().capture('hold_unknown');

      expect(response.status).toBe(404);
    });

    it('answers 409 WALLET_FROZEN for a frozen wallet, and the hold stays held', async () => {
      const userId = await funded(5);
      const placed = (await h().place({ userId, amount: 3, feature: 'boost' })).body.hold;
      await api.setWalletAttributes(userId, { frozen: true });

      const response = await h().capture(placed.holdId);

      expect(response.body.error.code).toBe('WALLET_FROZEN');
      expect((await h().get(placed.holdId)).body.hold.status).toBe('held');
      await api.setWalletAttributes(userId, { frozen: false });
    });
  });

  describe('POST /holds/{holdId}/void', () => {
    it('gives the coins back and answers the voided hold and the balance', async () => {
      const userId = await funded(10);
      const placed = (await h().place({ userId, amount: 6, feature: 'boost' })).body.hold;

      const response = await h().void(placed.holdId);

      expect(response.status).toBe(200);
      expect(response.body.hold.status).toBe('voided');
      expect(response.body.balance).toBe(10);
      expect(await h().wallet(userId)).toMatchObject({ balance: 10, held: 0 });
    });

    it('replays a void of a voided hold', async () => {
      const userId = await funded(10);
      const placed = (await h().place({ userId, amount: 6, feature: 'boost' })).body.hold;
      await h().void(placed.holdId);

      const again = await h().void(placed.holdId);

      expect(again.status).toBe(200);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(await h().wallet(userId)).toMatchObject({ balance: 10, held: 0 });
    });

    it('answers 409 HOLD_NOT_ACTIVE after a capture', async () => {
      const userId = await funded(10);
      const placed = (await h().place({ userId, amount: 6, feature: 'boost' })).body.hold;
      await h().capture(placed.holdId);

      const response = await h().void(placed.holdId);

      expect(response.status).toBe(409);
      expect(response.body.error.code).toBe('HOLD_NOT_ACTIVE');
    });

    it('answers 409 HOLD_EXPIRED after its expiry', async () => {
      const userId = await funded(10);
      const placed = (await h().place({ userId, amount: 6, feature: 'boost' })).body.hold;
      await api.expireHoldSecondsAgo(placed.holdId);

      const response = await h().void(placed.holdId);

      expect(response.body.error.code).toBe('HOLD_EXPIRED');
      expect(await h().wallet(userId)).toMatchObject({ balance: 10, held: 0 });
    });
  });

  describe('races', () => {
    it('10 concurrent captures and voids of one hold settle it exactly once', async () => {
      const userId = await funded(100);
      const placed = (await h().place({ userId, amount: 60, feature: 'boost' })).body.hold;

      const responses = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          i % 2 === 0 ? h().capture(placed.holdId, { amount: 50 }) : h().void(placed.holdId),
        ),
      );

      const outcome = (await h().get(placed.holdId)).body.hold.status;
      expect(['captured', 'voided']).toContain(outcome);
      const winners = responses.filter((response) => response.status === 200);
      const losers = responses.filter((response) => response.status === 409);
      expect(winners.length + losers.length).toBe(10);
      expect(winners.every((response) => response.body.hold.status === outcome)).toBe(true);
      expect(losers.every((response) => response.body.error.code === 'HOLD_NOT_ACTIVE')).toBe(true);
      expect(await h().wallet(userId)).toEqual({
        userId,
        balance: outcome === 'captured' ? 50 : 100,
        held: 0,
      });
    });

    it('a capture racing the sweeper of an expired hold: the coins are released once', async () => {
      const userId = await funded(30);
      const placed = (await h().place({ userId, amount: 30, feature: 'boost' })).body.hold;
      await api.expireHoldSecondsAgo(placed.holdId);

      const [capture, voided, sweep] = await Promise.all([
        h().capture(placed.holdId),
        h().void(placed.holdId),
        api.system.sweepHolds(),
      ]);

      expect([capture.body.error.code, voided.body.error.code]).toEqual([
        'HOLD_EXPIRED',
        'HOLD_EXPIRED',
      ]);
      expect(sweep.expired).toBeLessThanOrEqual(1);
      expect(await h().wallet(userId)).toMatchObject({ balance: 30, held: 0 });
    });
  });
});
