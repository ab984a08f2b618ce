import type { PlatformEvent } from '#shared/events/platform-events';
import { holdRequests, SPEND } from '#test/holds/holds-support';
import { startTestSystem, type TestSystem } from '#test/support/test-system';

/**
 * Hold events through the whole local system: real requests place and settle holds, DynamoDB
 * Local's holds and transactions streams carry the changes, and GET /local/events serves them
 * as the deployed publisher would put them on the bus.
 */
type FeedEvent = PlatformEvent<Record<string, unknown>>;

let api: TestSystem;
let admin: string;
let shop: string;
let users = 0;
const h = () => holdRequests(api, () => ({ admin, shop }));

beforeAll(async () => {
  api = await startTestSystem({ totalSupply: 1_000_000 });
  admin = await api.register('hold-events-admin', ['admin']);
  shop = await api.serviceToken('shop', [SPEND]);
});
afterEach(async () => {
  expect((await api.audit()).breaches).toEqual([]);
});
afterAll(() => api?.stop());

/** Every event after `cursor`, page by page, and the cursor at the end. */
async function eventsAfter(cursor = '0'): Promise<{ events: FeedEvent[]; cursor: string }> {
  const events: FeedEvent[] = [];
  for (;;) {
    const page = await api.request('GET', `/local/events?after=${cursor}`);
    expect(page.status).toBe(200);
    events.push(...page.body.events);
    if (page.body.events.length === 0) return { events, cursor };
    cursor = page.body.cursor;
  }
}

const currentCursor = async () => (await eventsAfter()).cursor;

/** A fresh user with `coins`, and the feed's cursor after their funding. */
async function fundedUser(coins: number): Promise<{ userId: string; cursor: string }> {
  users += 1;
  const userId = `hold-user-${users}`;
  await api.register(userId);
  await h().give(userId, coins);
  return { userId, cursor: await currentCursor() };
}

const event = (type: string, time: string, detail: unknown) => ({
  id: expect.any(String),
  source: 'daswos.coins',
  'detail-type': type,
  time,
  detail,
});

describe('hold events on GET /local/events', () => {
  it('serves a hold placed then captured as HoldCreated, then its spend’s TransactionPosted and HoldCaptured, in commit order', async () => {
    const { userId, cursor } = await fundedUser(100);

    const placed = await h().place({ userId, amount: 40, feature: 'boost' });
    const captured = await h().capture(placed.body.hold.holdId, { amount: 25 });

    expect([placed.status, captured.status]).toEqual([201, 200]);
    const { hold } = placed.body;
    const { events } = await eventsAfter(cursor);
    expect(events).toEqual([
      event('HoldCreated', hold.createdAt, hold),
      // One transaction commits the spend and the hold's capture, in that order.
      event('TransactionPosted', captured.body.transaction.timestamp, captured.body.transaction),
      event('HoldCaptured', captured.body.transaction.timestamp, captured.body.hold),
    ]);
    expect(captured.body.hold).toMatchObject({ status: 'captured', capturedAmount: 25 });
  });

  it('serves a voided hold as HoldVoided', async () => {
    const { userId, cursor } = await fundedUser(50);
    const placed = await h().place({ userId, amount: 30, feature: 'boost' });

    const voided = await h().void(placed.body.hold.holdId);

    expect(voided.status).toBe(200);
    const { events } = await eventsAfter(cursor);
    expect(events.map((e) => e['detail-type'])).toEqual(['HoldCreated', 'HoldVoided']);
    expect(events[1]).toEqual(event('HoldVoided', expect.any(String), voided.body.hold));
    expect(voided.body.hold.status).toBe('voided');
  });

  it('serves a hold the sweeper expired as HoldExpired (moving its expiry publishes nothing)', async () => {
    const { userId, cursor } = await fundedUser(50);
    const placed = await h().place({ userId, amount: 20, feature: 'boost' });
    await api.expireHoldSecondsAgo(placed.body.hold.holdId);

    const report = await api.system.sweepHolds();

    expect(report).toMatchObject({ expired: 1 });
    const expired = (await h().get(placed.body.hold.holdId)).body.hold;
    expect(expired.status).toBe('expired');
    const { events } = await eventsAfter(cursor);
    expect(events).toEqual([
      event('HoldCreated', placed.body.hold.createdAt, placed.body.hold),
      event('HoldExpired', expect.any(String), expired),
    ]);
  });

  it('publishes nothing new for a replayed placement or capture', async () => {
    const { userId } = await fundedUser(60);
    const body = { userId, amount: 10, feature: 'boost' };
    const placed = await h().place(body, 'replayed-hold');
    await h().capture(placed.body.hold.holdId, undefined, 'replayed-capture');
    const cursor = await currentCursor();

    const placedAgain = await h().place(body, 'replayed-hold');
    const capturedAgain = await h().capture(placed.body.hold.holdId, undefined, 'replayed-capture');
    const capturedWithAnotherKey = await h().capture(placed.body.hold.holdId);

    expect([placedAgain.status, capturedAgain.status, capturedWithAnotherKey.status]).toEqual([
      201, 200, 200,
    ]);
    expect(placedAgain.body.hold.holdId).toBe(placed.body.hold.holdId);
    expect(await eventsAfter(cursor)).toEqual({ events: [], cursor });
  });
});

describe('hold events under load', () => {
  const USERS = 6;
  const HOLDS = 4;

  it('keeps each hold’s events in commit order across the two streams while the feed is read', async () => {
    const funded = await Promise.all(Array.from({ length: USERS }, () => fundedUser(1_000)));
    const before = await currentCursor();
    let loading = true;
    // People watching the feed the whole time: their catch-ups race the commits.
    const watch = async () => {
      let reads = 0;
      for (; loading; reads += 1) await api.request('GET', `/local/events?after=${before}`);
      return reads;
    };
    const watchers = [watch(), watch()];

    // Each user's holds one after another (placed, then captured or voided); users at once.
    const settled = await Promise.all(
      funded.map(async ({ userId }) => {
        const outcomes: { holdId: string; how: 'capture' | 'void'; transactionId?: string }[] = [];
        for (let i = 0; i < HOLDS; i += 1) {
          const placed = await h().place({ userId, amount: 10 + i, feature: 'boost' });
          const holdId = placed.body.hold.holdId as string;
          if (i % 2 === 0) {
            const captured = await h().capture(holdId, { amount: 5 });
            outcomes.push({
              holdId,
              how: 'capture',
              transactionId: captured.body.transaction.transactionId,
            });
          } else {
            await h().void(holdId);
            outcomes.push({ holdId, how: 'void' });
          }
        }
        return outcomes;
      }),
    );
    loading = false;
    expect(Math.min(...(await Promise.all(watchers)))).toBeGreaterThan(0);

    const { events } = await eventsAfter(before);
    const position = new Map(
      events.map((e, i) => [
        `${e['detail-type']}:${(e.detail.holdId ?? e.detail.transactionId) as string}`,
        i,
      ]),
    );
    expect(position.size).toBe(events.length);
    for (const { holdId, how, transactionId } of settled.flat()) {
      const created = position.get(`HoldCreated:${holdId}`) ?? -1;
      if (how === 'void') {
        expect([
          holdId,
          created >= 0,
          created < (position.get(`HoldVoided:${holdId}`) ?? -1),
        ]).toEqual([holdId, true, true]);
        continue;
      }
      // The spend and the capture are one transaction: adjacent, the spend first, after the hold.
      const spend = position.get(`TransactionPosted:${transactionId}`) ?? -1;
      expect([
        holdId,
        created >= 0,
        created < spend,
        position.get(`HoldCaptured:${holdId}`),
      ]).toEqual([holdId, true, true, spend + 1]);
    }
    expect(events).toHaveLength(USERS * HOLDS * 2 + (USERS * HOLDS) / 2);
  });
});
