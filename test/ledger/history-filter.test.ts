import { ValidationError } from '#shared/errors';
import type { HistoryOptions, HistoryPage } from '#shared/ledger/history';
import type { Transaction, TransactionType } from '#shared/ledger/transaction';
import {
  createTestLedger,
  expectLedgerInvariants,
  fundedUsers,
  type TestLedger,
} from '#test/support/ledger-fixture';

/** The order the history promises: newest first, ties broken by transaction id (descending). */
function newestFirst(transactions: readonly Transaction[]): string[] {
  const key = (tx: Transaction) => `${tx.timestamp}#${tx.transactionId}`;
  return [...transactions]
    .sort((a, b) => (key(a) < key(b) ? 1 : key(a) > key(b) ? -1 : 0))
    .map((tx) => tx.transactionId);
}

describe('listTransactions with a type filter', () => {
  let t: TestLedger;
  /** Everything in alice's history, as it was made. */
  let history: Transaction[];

  /** Follows the cursors to the end; fails rather than loop if a cursor never runs out. */
  async function walk(userId: string, options: HistoryOptions): Promise<HistoryPage[]> {
    const pages: HistoryPage[] = [];
    let cursor: string | undefined;
    do {
      const page = await t.ledger.listTransactions(userId, { ...options, cursor });
      pages.push(page);
      cursor = page.nextCursor ?? undefined;
      if (pages.length > 200) throw new Error('the cursors never ran out');
    } while (cursor !== undefined);
    return pages;
  }

  const idsOfType = (...types: TransactionType[]) =>
    newestFirst(history.filter((tx) => types.includes(tx.transactionType)));

  /**
   * alice: her funding (a giveaway), then 24 transfers (she sends two, receives one, in turn)
   * with a gift to her after every eighth; bob and carol trade between themselves meanwhile.
   */
  beforeAll(async () => {
    t = await createTestLedger();
    await fundedUsers(t, { alice: 10_000, bob: 10_000, carol: 10_000 });
    history = [...(await t.ledger.listTransactions('alice')).transactions];
    for (let i = 0; i < 24; i++) {
      const [from, to] = i % 3 === 2 ? ['bob', 'alice'] : ['alice', 'bob'];
      history.push((await t.ledger.transfer({ from, to, amount: i + 1 })).transaction);
      await t.ledger.transfer({ from: 'bob', to: 'carol', amount: 1 });
      if (i % 8 === 7) {
        const gift = await t.ledger.mint({ to: 'alice', amount: 5, type: 'giveaway' });
        history.push(gift.transaction);
      }
    }
  });

  afterAll(async () => {
    await expectLedgerInvariants(t);
    await t.destroy();
  });

  it('keeps only the types asked for, sent and received, newest first', async () => {
    const transfers = await t.ledger.listTransactions('alice', { limit: 100, types: ['transfer'] });
    const gifts = await t.ledger.listTransactions('alice', { limit: 100, types: ['giveaway'] });
    const both = await t.ledger.listTransactions('alice', {
      limit: 100,
      types: ['giveaway', 'transfer'],
    });

    expect(transfers.transactions.map((tx) => tx.transactionId)).toEqual(idsOfType('transfer'));
    expect(transfers.transactions).toHaveLength(24);
    expect(gifts.transactions.map((tx) => tx.transactionId)).toEqual(idsOfType('giveaway'));
    expect(gifts.transactions).toHaveLength(4);
    expect(both.transactions.map((tx) => tx.transactionId)).toEqual(newestFirst(history));
    expect(both.nextCursor).toBeNull();
  });

  it('gives an empty last page and no cursor for a type the user never had', async () => {
    const page = await t.ledger.listTransactions('alice', { types: ['refund'] });

    expect(page).toEqual({ transactions: [], nextCursor: null });
  });

  it('pages a filter with the cursor: every matching transaction once, in order', async () => {
    const pages = await walk('alice', { limit: 3, types: ['transfer'] });

    expect(pages.flatMap((page) => page.transactions.map((tx) => tx.transactionId))).toEqual(
      idsOfType('transfer'),
    );
  });

  it('stops a side at its read bound with a short page and a cursor, and loses nothing', async () => {
    // 2 items per Query, 5 Queries a side: the sender side of alice's history (her transfers
    // out) holds no gift at all, so it stops after reading 10 items each time.
    const pages = await walk('alice', { limit: 3, types: ['giveaway'], filteredQuerySize: 2 });

    expect(pages.flatMap((page) => page.transactions.map((tx) => tx.transactionId))).toEqual(
      idsOfType('giveaway'),
    );
    expect(pages.some((page) => page.transactions.length < 3 && page.nextCursor !== null)).toBe(
      true,
    );
  });

  it('refuses a type that does not exist, in the domain as in the API', async () => {
    await expect(
      t.ledger.listTransactions('alice', { types: ['gift' as TransactionType] }),
    ).rejects.toThrow(ValidationError);
  });
});
