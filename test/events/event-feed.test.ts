import { EVENT_FEED_PAGE_SIZE } from '#infra/local/event-feed';
import type { PlatformEvent } from '#shared/events/platform-events';
import type { Transaction } from '#shared/ledger/transaction';
import { API, startTestSystem, type TestSystem } from '#test/support/test-system';

type TransactionEvent = PlatformEvent<Transaction>;

let api: TestSystem;
let admin: string;

beforeAll(async () => {
  api = await startTestSystem({ totalSupply: 1_000_000 });
  admin = await api.register('events-admin', ['admin']);
});
afterAll(() => api?.stop());

/** Every event after `cursor`, following the cursor page by page; and the cursor at the end. */
async function eventsAfter(cursor = '0'): Promise<{ events: TransactionEvent[]; cursor: string }> {
  const events: TransactionEvent[] = [];
  for (;;) {
    const page = await api.request('GET', `/local/events?after=${cursor}`);
    expect(page.status).toBe(200);
    events.push(...page.body.events);
    if (page.body.events.length === 0) return { events, cursor };
    cursor = page.body.cursor;
  }
}

async function currentCursor(): Promise<string> {
  return (await eventsAfter()).cursor;
}

describe('GET /local/events', () => {
  it('serves a committed transfer as a TransactionPosted event as soon as its answer arrives', async () => {
    const before = await currentCursor();
    const alice = await api.register('feed-alice');
    await api.register('feed-bob');
    const give = await api.request('POST', `${API}/give`, {
      token: admin,
      body: { userId: 'feed-alice', amount: 50 },
    });
    const transfer = await api.request('POST', `${API}/transfer`, {
      token: alice,
      body: { toUserId: 'feed-bob', amount: 20, description: 'lunch' },
    });

    const page = await api.request('GET', `/local/events?after=${before}`);

    expect(page.status).toBe(200);
    expect(page.body.events).toEqual([
      {
        id: expect.any(String),
        source: 'daswos.coins',
        'detail-type': 'TransactionPosted',
        time: give.body.transaction.timestamp,
        detail: give.body.transaction,
      },
      {
        id: expect.any(String),
        source: 'daswos.coins',
        'detail-type': 'TransactionPosted',
        time: transfer.body.transaction.timestamp,
        detail: transfer.body.transaction,
      },
    ]);
    expect(page.body.cursor).toBe(String(Number(before) + 2));
  });

  it('does not publish a replayed request again', async () => {
    const carol = await api.register('feed-carol');
    await api.register('feed-dave');
    await api.request('POST', `${API}/give`, {
      token: admin,
      body: { userId: 'feed-carol', amount: 10 },
    });
    const before = await currentCursor();
    const request = {
      token: carol,
      body: { toUserId: 'feed-dave', amount: 3 },
      headers: { 'Idempotency-Key': 'feed-replay' },
    };

    const first = await api.request('POST', `${API}/transfer`, request);
    const replay = await api.request('POST', `${API}/transfer`, request);

    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    const { events } = await eventsAfter(before);
    expect(events.map((event) => event.detail.transactionId)).toEqual([
      first.body.transaction.transactionId,
    ]);
  });

  it('answers an empty page and the same cursor at the end of the feed', async () => {
    const end = await currentCursor();

    const page = await api.request('GET', `/local/events?after=${end}`);

    expect(page.body).toEqual({ events: [], cursor: end });
  });

  it('pages: at most one page of events per answer, the cursor leading to the next', async () => {
    const first = await api.request('GET', '/local/events');
    const rest = await eventsAfter(first.body.cursor);

    expect(first.body.events.length).toBeLessThanOrEqual(EVENT_FEED_PAGE_SIZE);
    expect(first.body.cursor).toBe(String(first.body.events.length));
    const all = [...first.body.events, ...rest.events] as TransactionEvent[];
    expect(new Set(all.map((event) => event.id)).size).toBe(all.length);
  });

  it.each([
    ['a negative number', '-1'],
    ['not a number', 'abc'],
    ['a fraction', '1.5'],
    ['leading zeros', '007'],
  ])('rejects a cursor that is %s: 400 VALIDATION_ERROR', async (_, after) => {
    const page = await api.request('GET', `/local/events?after=${after}`);

    expect(page.status).toBe(400);
    expect(page.body.error.code).toBe('VALIDATION_ERROR');
    expect(page.body.error.message).toMatch(/after/);
  });

  it('rejects a parameter it does not know: 400 VALIDATION_ERROR', async () => {
    const page = await api.request('GET', '/local/events?since=0');

    expect(page.status).toBe(400);
    expect(page.body.error.code).toBe('VALIDATION_ERROR');
  });
});

describe('the event feed under load', () => {
  const USERS = 8;
  const GIFT = 30;
  const ROUNDS = 4;

  it('shows every transaction of a concurrent run exactly once, in commit order per user', async () => {
    const users = Array.from({ length: USERS }, (_, i) => `load-${i}`);
    const tokens = await Promise.all(users.map((user) => api.register(user)));
    const before = await currentCursor();

    // Every user is given coins while every user passes coins on to the next, all at once:
    // which transfers find enough coins depends on the order the ledger commits them in.
    const requests = users.flatMap((user, i) => [
      ...Array.from({ length: ROUNDS }, () =>
        api.request('POST', `${API}/give`, { token: admin, body: { userId: user, amount: GIFT } }),
      ),
      ...Array.from({ length: ROUNDS * 2 }, (_, round) =>
        api.request('POST', `${API}/transfer`, {
          token: tokens[i] as string,
          body: { toUserId: users[(i + 1) % USERS], amount: 20 + round },
        }),
      ),
    ]);
    const answers = await Promise.all(requests);
    const committed = answers.filter((answer) => answer.status === 201);
    const refused = answers.filter((answer) => answer.status !== 201);
    expect(refused.every((answer) => answer.body.error.code === 'INSUFFICIENT_FUNDS')).toBe(true);
    expect(committed.length).toBeGreaterThan(USERS * ROUNDS);

    const { events } = await eventsAfter(before);

    // Exactly once: the feed's transactions are the committed ones, each one time, as answered.
    const ids = events.map((event) => event.detail.transactionId);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(
      committed.map((answer) => answer.body.transaction.transactionId as string).sort(),
    );
    const answered = new Map(
      committed.map((answer) => [answer.body.transaction.transactionId, answer.body.transaction]),
    );
    for (const event of events)
      expect(event.detail).toEqual(answered.get(event.detail.transactionId));

    // Commit order per user: replaying each user's events in feed order, no covered debit ever
    // finds too few coins (a transfer out listed before the gift that paid for it would), and
    // the replay ends at the balance the ledger holds.
    const running = new Map(users.map((user) => [user, 0]));
    for (const { detail } of events) {
      if (running.has(detail.fromUserId)) {
        const balance = (running.get(detail.fromUserId) ?? 0) - detail.amount;
        expect([detail.transactionId, balance >= 0]).toEqual([detail.transactionId, true]);
        running.set(detail.fromUserId, balance);
      }
      running.set(detail.toUserId, (running.get(detail.toUserId) ?? 0) + detail.amount);
    }
    for (const [i, user] of users.entries()) {
      const balance = await api.request('GET', `${API}/balance`, { token: tokens[i] });
      expect([user, running.get(user)]).toEqual([user, balance.body.balance]);
    }
    expect((await api.audit()).breaches).toEqual([]);
  });
});
