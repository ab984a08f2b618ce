import { InvalidCursorError, ValidationError } from '#shared/errors';
import { DEFAULT_PAGE_SIZE, type HistoryPage } from '#shared/ledger/history';
import type { Transaction } from '#shared/ledger/transaction';
import {
  createTestLedger,
  expectLedgerInvariants,
  fundedUsers,
  type TestLedger,
} from '#test/support/ledger-fixture';

const START = Date.parse('2025-03-01T12:00:00.000Z');

/** A clock that gives the same instant `readingsPerTick` times, then moves on one second. */
function steppingClock(readingsPerTick: number): () => Date {
  let readings = 0;
  return () => new Date(START + Math.floor(readings++ / readingsPerTick) * 1_000);
}

/** The order the history promises: newest first, ties broken by transaction id (descending). */
function newestFirst(transactions: readonly Transaction[]): string[] {
  const key = (tx: Transaction) => `${tx.timestamp}#${tx.transactionId}`;
  return [...transactions]
    .sort((a, b) => (key(a) < key(b) ? 1 : key(a) > key(b) ? -1 : 0))
    .map((tx) => tx.transactionId);
}

function ids(page: HistoryPage): string[] {
  return page.transactions.map((tx) => tx.transactionId);
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

describe('listTransactions', () => {
  let t: TestLedger;

  /** Follows the cursors to the end; fails rather than loop if a cursor never runs out. */
  async function walk(
    userId: string,
    limit: number | undefined,
    from?: string,
  ): Promise<HistoryPage[]> {
    const pages: HistoryPage[] = [];
    let cursor = from;
    do {
      const page = await t.ledger.listTransactions(userId, { limit, cursor });
      pages.push(page);
      cursor = page.nextCursor ?? undefined;
      if (pages.length > 500) throw new Error('the cursors never ran out');
    } while (cursor !== undefined);
    return pages;
  }

  /**
   * alice's history: her funding, then `count` transfers that alternate her sending and
   * receiving; bob and carol also trade between themselves, which alice must never see.
   */
  async function aliceHistory(count: number): Promise<Transaction[]> {
    await fundedUsers(t, { alice: 10_000, bob: 10_000, carol: 10_000 });
    const mine: Transaction[] = (await t.ledger.listTransactions('alice')).transactions;
    for (let i = 0; i < count; i++) {
      const [from, to] = i % 2 === 0 ? ['alice', 'bob'] : ['bob', 'alice'];
      mine.push((await t.ledger.transfer({ from, to, amount: i + 1 })).transaction);
      if (i % 5 === 0) await t.ledger.transfer({ from: 'bob', to: 'carol', amount: 1 });
    }
    return mine;
  }

  afterEach(async () => {
    await expectLedgerInvariants(t);
    await t.destroy();
  });

  describe('with a clock that moves on every reading', () => {
    beforeEach(async () => {
      t = await createTestLedger({ now: steppingClock(1) });
    });

    it('returns what the user sent and received, newest first, and nobody else’s', async () => {
      await fundedUsers(t, { alice: 100, bob: 50, carol: 0 });
      const funding = (await t.ledger.listTransactions('alice')).transactions;
      const sent = await t.ledger.transfer({ from: 'alice', to: 'bob', amount: 10 });
      const received = await t.ledger.transfer({ from: 'bob', to: 'alice', amount: 5 });
      await t.ledger.transfer({ from: 'bob', to: 'carol', amount: 1 });
      const last = await t.ledger.transfer({ from: 'alice', to: 'carol', amount: 7 });

      const page = await t.ledger.listTransactions('alice');

      expect(page.transactions).toEqual([
        last.transaction,
        received.transaction,
        sent.transaction,
        ...funding,
      ]);
      expect(funding).toHaveLength(1);
      expect(funding[0]).toMatchObject({ fromUserId: '0', toUserId: 'alice', amount: 100 });
      expect(page.nextCursor).toBeNull();
    });

    it('does not shift later pages when new transactions arrive during a walk', async () => {
      const history = await aliceHistory(12);
      const first = await t.ledger.listTransactions('alice', { limit: 5 });

      for (let i = 0; i < 3; i++) await t.ledger.transfer({ from: 'bob', to: 'alice', amount: 1 });
      expect(first.nextCursor).not.toBeNull();
      const rest = await walk('alice', 5, first.nextCursor ?? undefined);

      expect([...ids(first), ...rest.flatMap(ids)]).toEqual(newestFirst(history));
      expect((await walk('alice', 5)).flatMap(ids)).toHaveLength(history.length + 3);
    });
  });

  describe.each([
    ['all one identical timestamp', 1_000_000],
    ['timestamps in groups of four', 4],
  ])('when transactions share %s', (_, readingsPerTick) => {
    beforeEach(async () => {
      t = await createTestLedger({ now: steppingClock(readingsPerTick) });
    });

    it('walks every transaction exactly once, in order, for any page size', async () => {
      const history = await aliceHistory(39);
      const expected = newestFirst(history);
      expect(expected).toHaveLength(40);
      if (readingsPerTick > 1_000) {
        expect(new Set(history.map((tx) => tx.timestamp)).size).toBe(1);
      }

      for (const limit of [1, 3, 7, 39, 40, 41, 100, undefined]) {
        const pages = await walk('alice', limit);

        const size = limit ?? DEFAULT_PAGE_SIZE;
        expect({ limit, ids: pages.flatMap(ids) }).toEqual({ limit, ids: expected });
        expect(pages).toHaveLength(Math.ceil(expected.length / size));
        for (const page of pages.slice(0, -1)) expect(page.transactions).toHaveLength(size);
        expect(pages.at(-1)?.transactions.length).toBeGreaterThan(0);
        expect(pages.at(-1)?.nextCursor).toBeNull();
      }
    });
  });

  describe('cursors and limits', () => {
    beforeEach(async () => {
      t = await createTestLedger();
      await fundedUsers(t, { alice: 1_000, bob: 1_000, carol: 0 });
      for (let i = 0; i < 3; i++) {
        await t.ledger.transfer({ from: 'alice', to: 'bob', amount: 1 });
      }
    });

    it('rejects a cursor made for another user', async () => {
      const bobs = await t.ledger.listTransactions('bob', { limit: 2 });
      expect(bobs.nextCursor).not.toBeNull();

      await expect(
        t.ledger.listTransactions('alice', { limit: 2, cursor: bobs.nextCursor ?? '' }),
      ).rejects.toBeInstanceOf(InvalidCursorError);
    });

    it('accepts its own cursor', async () => {
      const first = await t.ledger.listTransactions('alice', { limit: 2 });

      const second = await t.ledger.listTransactions('alice', {
        limit: 2,
        cursor: first.nextCursor ?? '',
      });

      expect(second.transactions).toHaveLength(2);
      expect(second.nextCursor).toBeNull();
    });

    it.each([
      ['empty', ''],
      ['not base64 JSON', 'abc'],
      ['punctuation', '!!!'],
      ['JSON null', base64url('null')],
      ['a JSON array', base64url('[]')],
      ['without a key', base64url(JSON.stringify({ u: 'alice' }))],
      ['with a key that is no history key', base64url(JSON.stringify({ u: 'alice', k: 'abc' }))],
      [
        'with a key that carries an expression',
        base64url(JSON.stringify({ u: 'alice', k: '2025-03-01T12:00:00.000Z#x OR 1=1' })),
      ],
      ['with a numeric key', base64url(JSON.stringify({ u: 'alice', k: 42 }))],
      [
        'with the user id misspelled',
        base64url(JSON.stringify({ user: 'alice', k: '2025-03-01T12:00:00.000Z#x' })),
      ],
    ])('rejects a garbage cursor: %s', async (_, cursor) => {
      await expect(t.ledger.listTransactions('alice', { cursor })).rejects.toBeInstanceOf(
        InvalidCursorError,
      );
    });

    it.each([0, 101, 1.5, -1, Number.NaN])('rejects the limit %p', async (limit) => {
      await expect(t.ledger.listTransactions('alice', { limit })).rejects.toBeInstanceOf(
        ValidationError,
      );
    });

    it('accepts the largest limit, 100', async () => {
      const page = await t.ledger.listTransactions('alice', { limit: 100 });

      expect(page.transactions).toHaveLength(4);
      expect(page.nextCursor).toBeNull();
    });

    it('gives a user with no history an empty page and no cursor', async () => {
      expect(await t.ledger.listTransactions('carol')).toEqual({
        transactions: [],
        nextCursor: null,
      });
    });

    it('rejects an invalid user id', async () => {
      await expect(t.ledger.listTransactions('a#b')).rejects.toBeInstanceOf(ValidationError);
    });
  });
});
