import { holdRequests, SPEND } from '#test/holds/holds-support';
import { startTestSystem, type TestSystem } from '#test/support/test-system';

/** The local system's in-process sweeper (EventBridge's schedule in AWS), on a short interval. */
describe('the local hold sweeper', () => {
  let api: TestSystem;
  let admin: string;
  let shop: string;
  const h = () => holdRequests(api, () => ({ admin, shop }));

  beforeAll(async () => {
    api = await startTestSystem({ totalSupply: 10_000, holdSweepIntervalMs: 100 });
    admin = await api.register('admin-1', ['admin']);
    shop = await api.serviceToken('shop', [SPEND]);
  });

  afterAll(async () => {
    await api.stop();
  });

  it('releases an expired hold without anyone touching it', async () => {
    await api.register('dora');
    await h().give('dora', 10);
    const { hold } = (await h().place({ userId: 'dora', amount: 7, feature: 'boost' })).body;
    await api.expireHoldSecondsAgo(hold.holdId);

    // GET /balance does not touch holds: only the sweeper can give the coins back.
    let wallet = await h().wallet('dora');
    for (let polls = 0; wallet.held !== 0 && polls < 100; polls += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      wallet = await h().wallet('dora');
    }

    expect(wallet).toMatchObject({ balance: 10, held: 0 });
    expect((await api.audit()).breaches).toEqual([]);
  });
});
