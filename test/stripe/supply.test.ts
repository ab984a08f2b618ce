import {
  API_BASE_PATH,
  expectInvariants,
  type StripeTestSystem,
  startStripeTestSystem,
} from '#test/stripe/harness';

describe('POST /purchase when the supply runs low', () => {
  let t: StripeTestSystem;

  beforeAll(async () => {
    // A small world: 5,000 coins in all.
    t = await startStripeTestSystem({ totalSupply: 5_000 });
  });

  afterAll(async () => {
    await t?.stop();
  });

  afterEach(async () => {
    await expectInvariants(t);
  });

  it('answers 409 SUPPLY_EXHAUSTED for a bundle the remaining supply cannot cover', async () => {
    const { token } = await t.signUp();

    const tooBig = await t.request('POST', `${API_BASE_PATH}/purchase`, {
      token,
      body: { bundleId: 'coins-10000' },
    });
    const exact = await t.request('POST', `${API_BASE_PATH}/purchase`, {
      token,
      body: { bundleId: 'coins-5000' },
    });

    expect(tooBig.status).toBe(409);
    expect(tooBig.body).toMatchObject({ error: { code: 'SUPPLY_EXHAUSTED' } });
    expect(exact.status).toBe(200);
  });

  it('answers 500 to a paid session the supply can no longer cover, so it is retried and seen', async () => {
    const buyers = [await t.signUp(), await t.signUp()];
    const sessions = [];
    for (const buyer of buyers) {
      const opened = await t.request('POST', `${API_BASE_PATH}/purchase`, {
        token: buyer.token,
        body: { bundleId: 'coins-5000' },
      });
      sessions.push(String(opened.body.sessionId));
    }

    const [first, second] = [
      await t.stripe.pay(sessions[0] ?? ''),
      await t.stripe.pay(sessions[1] ?? ''),
    ];

    expect([first.delivery?.status, second.delivery?.status]).toEqual([200, 500]);
    expect(await t.balance(buyers[0]?.userId ?? '')).toBe(5_000);
    expect(await t.balance(buyers[1]?.userId ?? '')).toBe(0);
    expect((await t.ledger.getSupply()).remainingAmount).toBe(0);
  });
});
