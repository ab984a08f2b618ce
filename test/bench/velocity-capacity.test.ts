import { createDocumentClient } from '#shared/dynamo/client';
import { limitedTransfer } from '#shared/velocity/limited-transfer';
import { DEFAULT_TRANSFER_LIMITS } from '#shared/velocity/transfer-limits';
import {
  createTestLedger,
  dynamoEndpoint,
  expectLedgerInvariants,
  fundedUsers,
  type TestLedger,
} from '#test/support/ledger-fixture';
import { capture, priceCalls } from '../../bench/capacity';

describe('transfer velocity counters (capacity)', () => {
  let t: TestLedger;

  beforeAll(async () => {
    t = await createTestLedger();
    // The pricing finds the tables' indexes by their physical names.
    process.env.SUPPLY_TABLE = t.tables.supply;
    process.env.WALLETS_TABLE = t.tables.wallets;
    process.env.TRANSACTIONS_TABLE = t.tables.transactions;
    process.env.ADMIN_TABLE = t.tables.admin;
    await fundedUsers(t, { alice: 1_000, bob: 0 });
  });

  afterAll(async () => {
    await expectLedgerInvariants(t);
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

  it('costs no write unit more than a transfer without counters, opening a window or not', async () => {
    const limited = () =>
      limitedTransfer(t.ledger.context, DEFAULT_TRANSFER_LIMITS, {
        from: 'alice',
        to: 'bob',
        amount: 1,
      });
    const plain = await price(() => t.ledger.transfer({ from: 'alice', to: 'bob', amount: 1 }));

    const opening = await price(limited);
    const counting = await price(limited);

    for (const counted of [opening, counting]) {
      expect(counted.writeUnits).toBe(plain.writeUnits);
      expect(counted.itemsWritten).toBe(plain.itemsWritten);
      // The wallet hint: one eventually consistent GetItem, half a read unit.
      expect(counted.readUnits).toBe(plain.readUnits + 0.5);
      expect(counted.requests).toEqual(['GetItem', ...plain.requests]);
    }
    expect(Math.max(...counting.writtenItemBytes)).toBeLessThan(1024);
  });
});
