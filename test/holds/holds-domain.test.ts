import { HoldExpiredError, HoldNotFoundError } from '#shared/holds/errors';
import { createHolds } from '#shared/holds/holds';
import type { ServiceClient } from '#shared/services/service-clients';
import { createSpending } from '#shared/spending/spending';
import { type Fault, injectFaults, TRANSACT_WRITE } from '#test/support/faults';
import {
  createTestLedger,
  expectLedgerInvariants,
  fundedUsers,
  type TestLedger,
} from '#test/support/ledger-fixture';

const shop: ServiceClient = {
  clientId: 'shop',
  name: 'Shop',
  scopes: ['daswos-coins/spend'],
  maxAmount: 1_000,
};
const boosts: ServiceClient = { ...shop, clientId: 'boosts', name: 'Boosts' };

describe('holds against DynamoDB Local (domain)', () => {
  let t: TestLedger;
  let clock: Date;
  let faults: Fault[];

  beforeEach(async () => {
    clock = new Date('2026-06-01T12:00:00.000Z');
    faults = [];
    t = await createTestLedger({
      now: () => clock,
      // Fast retries: the tests inject faults the retry policy must absorb.
      retryPolicy: { maxAttempts: 6, baseDelayMs: 1, maxDelayMs: 5 },
      // The next transaction gets the next fault the test queued; then everything passes.
      instrument: (db) => {
        injectFaults(db, (name) => (name === TRANSACT_WRITE ? faults.shift() : undefined));
      },
    });
    await fundedUsers(t, { alice: 100 });
  });

  afterEach(async () => {
    await expectLedgerInvariants(t);
    await t.destroy();
  });

  const holds = () => createHolds(t.ledger.context);
  const wallet = async () => {
    const { balance, held } = await t.ledger.getWallet('alice');
    return { balance, held };
  };
  const place = (amount: number, key: string, client = shop) =>
    holds().place({ client, userId: 'alice', amount, feature: 'boost', idempotencyKey: key });

  it('keeps one service’s holds from another: not found for get, capture and void', async () => {
    const { hold } = await place(10, 'mine');

    await expect(holds().get(boosts, hold.holdId)).rejects.toBeInstanceOf(HoldNotFoundError);
    await expect(holds().capture(boosts, hold.holdId)).rejects.toBeInstanceOf(HoldNotFoundError);
    await expect(holds().void(boosts, hold.holdId)).rejects.toBeInstanceOf(HoldNotFoundError);
    expect(await wallet()).toEqual({ balance: 90, held: 10 });
  });

  it('keys are the service’s: the same key of two services places two holds', async () => {
    const first = await place(10, 'order-1', shop);
    const second = await place(10, 'order-1', boosts);

    expect(first.hold.holdId).not.toBe(second.hold.holdId);
    expect(await wallet()).toEqual({ balance: 80, held: 20 });
  });

  it('expires exactly at expiresAt on its own clock, and a capture then is HOLD_EXPIRED', async () => {
    const { hold } = await holds().place({
      client: shop,
      userId: 'alice',
      amount: 30,
      feature: 'boost',
      expiresInSeconds: 60,
      idempotencyKey: 'short',
    });
    clock = new Date(clock.getTime() + 59_999);
    expect((await holds().get(shop, hold.holdId)).status).toBe('held');

    clock = new Date(clock.getTime() + 1);

    await expect(holds().capture(shop, hold.holdId)).rejects.toBeInstanceOf(HoldExpiredError);
    expect((await holds().get(shop, hold.holdId)).status).toBe('expired');
    expect(await wallet()).toEqual({ balance: 100, held: 0 });
  });

  it('the sweeper releases due holds only', async () => {
    await place(10, 'a');
    await place(20, 'b');
    clock = new Date(clock.getTime() + 901_000);
    await place(5, 'c');

    const report = await holds().sweep();

    expect(report).toEqual({ expired: 2, alreadySettled: 0 });
    expect(await wallet()).toEqual({ balance: 95, held: 5 });
  });

  describe('a function that dies after its write committed', () => {
    it.each<Fault>(['crash-after-commit', 'lost-response'])(
      'placing a hold (%s), then the retry with the same key: held once',
      async (fault) => {
        faults = [fault];
        await place(10, 'crashy').catch(() => undefined);

        const retry = await place(10, 'crashy');

        expect(retry.replayed).toBe(true);
        expect(await wallet()).toEqual({ balance: 90, held: 10 });
      },
    );

    it.each<Fault>(['crash-after-commit', 'lost-response'])(
      'capturing (%s), then the retry: captured once, the same spend',
      async (fault) => {
        const { hold } = await place(40, 'to-capture');
        faults = [fault];
        await holds()
          .capture(shop, hold.holdId, 25)
          .catch(() => undefined);

        const retry = await holds().capture(shop, hold.holdId, 25);

        expect(retry.replayed).toBe(true);
        expect(retry.transaction.amount).toBe(25);
        expect(await wallet()).toEqual({ balance: 75, held: 0 });
      },
    );

    it.each<Fault>(['crash-after-commit', 'lost-response'])(
      'voiding (%s), then the retry: voided once',
      async (fault) => {
        const { hold } = await place(40, 'to-void');
        faults = [fault];
        await holds()
          .void(shop, hold.holdId)
          .catch(() => undefined);

        const retry = await holds().void(shop, hold.holdId);

        expect(retry.hold.status).toBe('voided');
        expect(await wallet()).toEqual({ balance: 100, held: 0 });
      },
    );

    it('spending (crash-after-commit), then the retry: spent once', async () => {
      faults = ['crash-after-commit'];
      const spending = createSpending(t.ledger.context);
      const request = {
        client: shop,
        userId: 'alice',
        amount: 7,
        feature: 'boost',
        idempotencyKey: 's',
      };
      await spending.spend(request).catch(() => undefined);

      const retry = await spending.spend(request);

      expect(retry.replayed).toBe(true);
      expect(await wallet()).toEqual({ balance: 93, held: 0 });
    });
  });
});
