import { createDocumentClient } from '#shared/dynamo/client';
import { giveBatch } from '#shared/grants/batch-give';
import { give } from '#shared/grants/give';
import type { GiveSettings } from '#shared/grants/settings';
import { createTestLedger, dynamoEndpoint, type TestLedger } from '#test/support/ledger-fixture';
import { capture, priceCalls } from '../../bench/capacity';

const settings: GiveSettings = { approvalThreshold: 100_000, dailyLimitPerAdmin: 1_000_000 };

describe('batch giveaways (capacity)', () => {
  let t: TestLedger;
  const users = Array.from({ length: 10 }, (_, i) => `user-${i}`);

  beforeAll(async () => {
    t = await createTestLedger();
    // The pricing finds the tables' indexes by their physical names.
    process.env.SUPPLY_TABLE = t.tables.supply;
    process.env.WALLETS_TABLE = t.tables.wallets;
    process.env.TRANSACTIONS_TABLE = t.tables.transactions;
    process.env.ADMIN_TABLE = t.tables.admin;
    for (const user of users) await t.ledger.createWallet(user);
  });

  afterAll(async () => {
    expect((await t.audit()).breaches).toEqual([]);
    await t.destroy();
  });

  const price = async (operation: () => Promise<unknown>) => {
    const probe = createDocumentClient({ endpoint: dynamoEndpoint() });
    try {
      return priceCalls(await capture(t.db, probe, operation));
    } finally {
      probe.destroy();
    }
  };
  const batchOf = (count: number, key: string) => () =>
    giveBatch(t.ledger.context, settings, {
      adminId: 'ops',
      grants: users.slice(0, count).map((userId) => ({ userId, amount: 1 })),
      idempotencyKey: key,
    });

  it('costs no more write units per grant than a single give, and the reservation once a batch', async () => {
    const single = await price(() =>
      give(t.ledger.context, settings, { adminId: 'ops', to: 'user-0', amount: 1 }),
    );
    const one = await price(batchOf(1, 'one'));
    const ten = await price(batchOf(10, 'ten'));

    const perGrant = (ten.writeUnits - one.writeUnits) / 9;
    console.info(
      JSON.stringify({
        give: single.writeUnits,
        batchOf1: one.writeUnits,
        batchOf10: ten.writeUnits,
        perGrant,
      }),
    );
    // A give: the giveaway's four items, the daily counter and the log entry. A batch grant: the
    // same without the counter (moved once per batch), with the check of its release marker
    // instead (measured here: 14 WRU either way; the reservation of a small batch, 4).
    expect(ten.requests).toEqual(Array(11).fill('TransactWriteItems'));
    expect(perGrant).toBeLessThanOrEqual(single.writeUnits);
  });
});
