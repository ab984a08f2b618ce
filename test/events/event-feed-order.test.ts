import type { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { type EventFeed, startEventFeed } from '#infra/local/event-feed';
import { createHolds } from '#shared/holds/holds';
import type { ServiceClient } from '#shared/services/service-clients';
import {
  createTestLedger,
  dynamoEndpoint,
  fundedUsers,
  type TestLedger,
} from '#test/support/ledger-fixture';

/**
 * The feed reads the transactions stream, then the holds stream. A posting committed after the
 * first was read, followed by a hold placed before the second is read, is the race that would
 * put the hold before the posting. The test commits exactly that, from inside the feed's own
 * read (an SDK middleware on its streams client, as the holds stream is about to be described).
 */
const shop: ServiceClient = {
  clientId: 'shop',
  name: 'Shop',
  scopes: ['daswos-coins/spend'],
  maxAmount: 1_000,
};

let t: TestLedger;
let feed: EventFeed | undefined;
afterEach(async () => {
  await feed?.stop();
  feed = undefined;
  await t?.destroy();
});

describe('the local event feed across the transactions and holds streams', () => {
  it.each([
    ['its first read of the streams', 1],
    ['its second read of the streams', 2],
  ])('keeps commit order when a posting and then a hold commit during %s', async (_, atRead) => {
    t = await createTestLedger();
    await fundedUsers(t, { alice: 100, bob: 0 });
    const holds = createHolds(t.ledger.context);
    /** Runs as the feed is about to read the holds stream for the `atRead`-th time once armed. */
    let race: { readsLeft: number; commit: () => Promise<void> } | undefined;
    const instrument = (streams: DynamoDBStreamsClient) => {
      streams.middlewareStack.add(
        (next, context) => async (args) => {
          const input = args.input as { StreamArn?: string };
          const readingHolds =
            context.commandName === 'DescribeStreamCommand' &&
            input.StreamArn?.includes(`/${t.tables.holds}/`);
          if (race && readingHolds && --race.readsLeft === 0) {
            const { commit } = race;
            race = undefined;
            await commit();
          }
          return next(args);
        },
        { step: 'initialize', name: 'commitDuringRead' },
      );
    };
    feed = await startEventFeed({
      endpoint: dynamoEndpoint(),
      region: 'us-east-1',
      tables: { transactions: t.tables.transactions, holds: t.tables.holds },
      instrument,
    });
    await feed.catchUp();
    const start = Number(feed.read(0).cursor);
    // A second read happens when the first found something: a posting for it to find.
    await t.ledger.transfer({ from: 'alice', to: 'bob', amount: 1 });
    race = {
      readsLeft: atRead,
      commit: async () => {
        await t.ledger.transfer({ from: 'alice', to: 'bob', amount: 2 });
        await holds.place({
          client: shop,
          userId: 'alice',
          amount: 3,
          feature: 'boost',
          idempotencyKey: 'race',
        });
      },
    };

    await feed.catchUp();
    await feed.catchUp();

    expect(race).toBeUndefined();
    const { events } = feed.read(start);
    expect(events.map((e) => [e['detail-type'], (e.detail as { amount: number }).amount])).toEqual([
      ['TransactionPosted', 1],
      ['TransactionPosted', 2],
      ['HoldCreated', 3],
    ]);
  });
});
