import { buy, claim, referralOf } from '#test/referrals/referral-support';
import {
  defaultBundle,
  expectInvariants,
  type StripeTestSystem,
  startStripeTestSystem,
} from '#test/stripe/harness';

const BUNDLE = defaultBundle('coins-100');
const CAP = 2;

describe('the referral cap', () => {
  let t: StripeTestSystem;

  beforeAll(async () => {
    // Read once per process, on first use: this file's process pays for at most two referees.
    process.env.REFERRAL_MAX_PER_REFERRER = String(CAP);
    t = await startStripeTestSystem();
  });

  afterAll(async () => {
    delete process.env.REFERRAL_MAX_PER_REFERRER;
    await t?.stop();
  });

  it('pays a referrer for at most REFERRAL_MAX_PER_REFERRER users, even when they buy at once', async () => {
    const referrer = await t.signUp();
    const { code } = await referralOf(t, referrer.token);
    const referees = await Promise.all(Array.from({ length: 5 }, () => t.signUp()));
    for (const referee of referees) expect((await claim(t, referee.token, code)).status).toBe(201);

    await Promise.all(referees.map((referee) => buy(t, referee.token, BUNDLE.id)));

    expect(await t.balance(referrer.userId)).toBe(CAP * 100);
    expect(await referralOf(t, referrer.token)).toEqual({
      code,
      referredCount: referees.length,
      earnedCoins: CAP * 100,
    });
    // The referred users are not punished for the referrer's cap.
    for (const referee of referees) expect(await t.balance(referee.userId)).toBe(BUNDLE.coins + 50);
    await expectInvariants(t);
  });
});
