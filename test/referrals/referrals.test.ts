import { defaultLedger } from '#shared/ledger/ledger';
import {
  buy,
  claim,
  payWithoutDelivery,
  referralHistory,
  referralOf,
  referredPair,
} from '#test/referrals/referral-support';
import {
  API_BASE_PATH,
  defaultBundle,
  expectInvariants,
  type StripeTestSystem,
  SYSTEM_USER_ID,
  startStripeTestSystem,
  stripeEvent,
} from '#test/stripe/harness';
import { refundsOf } from '#test/stripe/purchase-support';
import { injectFaults, TRANSACT_WRITE } from '#test/support/faults';

const BUNDLE = defaultBundle('coins-500');
const REFERRER_COINS = 100;
const REFEREE_COINS = 50;

describe('referrals', () => {
  let t: StripeTestSystem;

  beforeAll(async () => {
    t = await startStripeTestSystem();
  });

  afterAll(async () => {
    await t?.stop();
  });

  afterEach(async () => {
    await t.stripe.settled();
    await expectInvariants(t);
  });

  describe('GET /referral', () => {
    it('gives each user a short code of their own that stays the same', async () => {
      const alice = await t.signUp();
      const bob = await t.signUp();

      const first = await referralOf(t, alice.token);
      const again = await referralOf(t, alice.token);
      const other = await referralOf(t, bob.token);

      expect(first).toEqual({
        code: expect.stringMatching(/^[A-Z2-9]{8}$/),
        referredCount: 0,
        earnedCoins: 0,
      });
      expect(again.code).toBe(first.code);
      expect(other.code).not.toBe(first.code);
      expect(alice.userId.toUpperCase()).not.toContain(first.code);
    });

    it('gives one code to a user whose first requests arrive together', async () => {
      const alice = await t.signUp();

      const codes = await Promise.all(
        Array.from({ length: 8 }, async () => (await referralOf(t, alice.token)).code),
      );

      expect(new Set(codes).size).toBe(1);
      expect((await referralOf(t, alice.token)).code).toBe(codes[0]);
    });

    it('answers 401 without a token', async () => {
      const answer = await t.request('GET', `${API_BASE_PATH}/referral`);

      expect(answer.status).toBe(401);
    });
  });

  describe('POST /referral/claim', () => {
    it('accepts another user’s code in any letter case and counts the referral', async () => {
      const referrer = await t.signUp();
      const referee = await t.signUp();
      const { code } = await referralOf(t, referrer.token);

      const answer = await claim(t, referee.token, code.toLowerCase());

      expect(answer.status).toBe(201);
      expect(answer.body).toEqual({ status: 'claimed' });
      expect((await referralOf(t, referrer.token)).referredCount).toBe(1);
    });

    it('answers 409 REFERRAL_ALREADY_CLAIMED the second time, whatever the code', async () => {
      const { referee, code } = await referredPair(t);
      const other = await t.signUp();
      const { code: otherCode } = await referralOf(t, other.token);

      const same = await claim(t, referee.token, code);
      const different = await claim(t, referee.token, otherCode);

      expect([same.status, same.body.error]).toEqual([
        409,
        expect.objectContaining({ code: 'REFERRAL_ALREADY_CLAIMED' }),
      ]);
      expect(different.body.error).toMatchObject({ code: 'REFERRAL_ALREADY_CLAIMED' });
      expect((await referralOf(t, other.token)).referredCount).toBe(0);
    });

    it('answers 400 for the caller’s own code', async () => {
      const alice = await t.signUp();
      const { code } = await referralOf(t, alice.token);

      const answer = await claim(t, alice.token, code);

      expect(answer.status).toBe(400);
      expect(answer.body.error).toMatchObject({ code: 'VALIDATION_ERROR' });
      expect((await referralOf(t, alice.token)).referredCount).toBe(0);
    });

    it('answers 404 REFERRAL_CODE_NOT_FOUND for a code nobody has', async () => {
      const alice = await t.signUp();

      const answer = await claim(t, alice.token, 'ZZZZZZZZ');

      expect(answer.status).toBe(404);
      expect(answer.body.error).toMatchObject({ code: 'REFERRAL_CODE_NOT_FOUND' });
    });

    it('answers 400 for a code that is not letters and digits, naming the field', async () => {
      const alice = await t.signUp();

      const answer = await claim(t, alice.token, 'AB-CD');

      expect(answer.status).toBe(400);
      expect((answer.body.error as { message: string }).message).toMatch(/^code:/);
    });

    it('answers 409 REFERRAL_NOT_ELIGIBLE after the claimer’s first credited purchase', async () => {
      const referrer = await t.signUp();
      const buyer = await t.signUp();
      const { code } = await referralOf(t, referrer.token);
      await buy(t, buyer.token, BUNDLE.id);

      const answer = await claim(t, buyer.token, code);

      expect(answer.status).toBe(409);
      expect(answer.body.error).toMatchObject({ code: 'REFERRAL_NOT_ELIGIBLE' });
      expect((await referralOf(t, referrer.token)).referredCount).toBe(0);
    });

    it('pays a bonus exactly when the claim commits before a concurrent first credit', async () => {
      const pairs = await Promise.all(
        Array.from({ length: 6 }, async () => {
          const referrer = await t.signUp();
          const buyer = await t.signUp();
          const { code } = await referralOf(t, referrer.token);
          const { session } = await payWithoutDelivery(t, buyer.token, BUNDLE.id);
          return { referrer, buyer, code, session };
        }),
      );

      const outcomes = await Promise.all(
        pairs.map(async ({ buyer, code, session }) => {
          const [claimed] = await Promise.all([
            claim(t, buyer.token, code),
            t.deliver(stripeEvent('checkout.session.completed', session)),
          ]);
          return claimed.status;
        }),
      );

      for (const [index, { referrer, buyer }] of pairs.entries()) {
        const claimed = outcomes[index] === 201;
        expect([201, 409]).toContain(outcomes[index]);
        expect(await t.balance(buyer.userId)).toBe(BUNDLE.coins + (claimed ? REFEREE_COINS : 0));
        expect(await t.balance(referrer.userId)).toBe(claimed ? REFERRER_COINS : 0);
      }
    });
  });

  describe('the referral bonus', () => {
    it('pays both sides once when the referee’s first purchase is credited', async () => {
      const { referrer, referee } = await referredPair(t);

      const sessionId = await buy(t, referee.token, BUNDLE.id);

      expect(await t.balance(referee.userId)).toBe(BUNDLE.coins + REFEREE_COINS);
      expect(await t.balance(referrer.userId)).toBe(REFERRER_COINS);
      const [refereeBonus] = await referralHistory(t, referee.token);
      expect(refereeBonus).toMatchObject({
        fromUserId: SYSTEM_USER_ID,
        toUserId: referee.userId,
        amount: REFEREE_COINS,
        referenceId: sessionId,
      });
      expect(await referralHistory(t, referrer.token)).toEqual([
        expect.objectContaining({ toUserId: referrer.userId, amount: REFERRER_COINS }),
      ]);
      expect(await referralOf(t, referrer.token)).toMatchObject({
        referredCount: 1,
        earnedCoins: REFERRER_COINS,
      });
    });

    it('pays once for 20 concurrent duplicate deliveries of both success events', async () => {
      const { referrer, referee } = await referredPair(t);
      const { session } = await payWithoutDelivery(t, referee.token, BUNDLE.id);
      const types = ['checkout.session.completed', 'checkout.session.async_payment_succeeded'];

      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) => t.deliver(stripeEvent(types[i % 2] ?? '', session))),
      );

      expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(200));
      expect(await t.balance(referee.userId)).toBe(BUNDLE.coins + REFEREE_COINS);
      expect(await t.balance(referrer.userId)).toBe(REFERRER_COINS);
      expect(await referralHistory(t, referee.token)).toHaveLength(1);
    });

    it('pays nothing on a later purchase', async () => {
      const { referrer, referee } = await referredPair(t);
      await buy(t, referee.token, BUNDLE.id);

      await buy(t, referee.token, 'coins-100');

      expect(await t.balance(referee.userId)).toBe(BUNDLE.coins + 100 + REFEREE_COINS);
      expect(await t.balance(referrer.userId)).toBe(REFERRER_COINS);
    });

    it('pays nothing to a user who was not referred', async () => {
      const buyer = await t.signUp();

      await buy(t, buyer.token, BUNDLE.id);

      expect(await t.balance(buyer.userId)).toBe(BUNDLE.coins);
      expect(await referralHistory(t, buyer.token)).toEqual([]);
    });

    it('keeps the purchase credited when the bonus fails, and pays it on Stripe’s redelivery', async () => {
      const { referrer, referee } = await referredPair(t);
      const { session } = await payWithoutDelivery(t, referee.token, BUNDLE.id);
      const event = stripeEvent('checkout.session.completed', session);
      let writes = 0;
      let broken = true;
      // The first transaction (the purchase credit) commits; every later one fails while broken.
      injectFaults(defaultLedger().context.db, (command) =>
        broken && command === TRANSACT_WRITE && writes++ > 0 ? 'throttle' : undefined,
      );

      const during = await t.deliver(event);
      const creditedAlone = await t.balance(referee.userId);
      broken = false;
      const redelivered = await t.deliver(event);

      expect(during.status).toBe(500);
      expect(creditedAlone).toBe(BUNDLE.coins);
      expect([redelivered.status, redelivered.body.outcome]).toEqual([200, 'already-credited']);
      expect(await t.balance(referee.userId)).toBe(BUNDLE.coins + REFEREE_COINS);
      expect(await t.balance(referrer.userId)).toBe(REFERRER_COINS);
    });
  });

  describe('a full refund of the first purchase', () => {
    it('takes both bonuses back once, however often the refund is delivered', async () => {
      const { referrer, referee } = await referredPair(t);
      const sessionId = await buy(t, referee.token, BUNDLE.id);

      const { delivery } = await t.stripe.refund(sessionId);
      const { charge } = await refundsOf(t, sessionId);
      const again = await Promise.all(
        Array.from({ length: 5 }, () =>
          t.deliver(stripeEvent('charge.refunded', charge as unknown as Record<string, unknown>)),
        ),
      );

      expect(delivery.status).toBe(200);
      expect(again.map((answer) => answer.status)).toEqual(Array(5).fill(200));
      expect(await t.balance(referee.userId)).toBe(0);
      expect(await t.balance(referrer.userId)).toBe(0);
      const taken = (await referralHistory(t, referrer.token)).filter(
        (tx) => tx.toUserId === SYSTEM_USER_ID,
      );
      expect(taken).toEqual([expect.objectContaining({ amount: REFERRER_COINS })]);
      expect(await referralOf(t, referrer.token)).toMatchObject({
        referredCount: 1,
        earnedCoins: 0,
      });
    });

    it('never pays the bonus after the refund, even for a late success delivery', async () => {
      const { referrer, referee } = await referredPair(t);
      const sessionId = await buy(t, referee.token, BUNDLE.id);
      const session = t.stripe.session(sessionId) ?? {};
      await t.stripe.refund(sessionId);

      const late = await t.deliver(
        stripeEvent('checkout.session.async_payment_succeeded', session),
      );

      expect(late.body.outcome).toBe('already-credited');
      expect(await t.balance(referee.userId)).toBe(0);
      expect(await t.balance(referrer.userId)).toBe(0);
    });

    it('takes back the bonuses of a referee who spent them: the wallet goes below zero', async () => {
      const { referrer, referee } = await referredPair(t);
      const sessionId = await buy(t, referee.token, BUNDLE.id);
      const spender = await t.signUp();
      await t.request('POST', `${API_BASE_PATH}/transfer`, {
        token: referrer.token,
        body: { toUserId: spender.userId, amount: REFERRER_COINS },
      });

      await t.stripe.refund(sessionId);

      expect(await t.balance(referrer.userId)).toBe(-REFERRER_COINS);
    });

    it('leaves the bonuses alone for a partial refund', async () => {
      const { referrer, referee } = await referredPair(t);
      const sessionId = await buy(t, referee.token, BUNDLE.id);

      await t.stripe.refund(sessionId, Math.floor(BUNDLE.priceCents / 2));

      expect(await t.balance(referrer.userId)).toBe(REFERRER_COINS);
      expect((await referralHistory(t, referee.token)).length).toBe(1);
    });
  });
});
