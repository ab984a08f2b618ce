import { DEFAULT_REFERRAL_SETTINGS, loadReferralSettings } from '#shared/referrals/settings';

describe('the referral settings', () => {
  it('pays 100 to the referrer and 50 to the referred user, for at most 50 users, by default', () => {
    expect(loadReferralSettings({})).toEqual(DEFAULT_REFERRAL_SETTINGS);
    expect(DEFAULT_REFERRAL_SETTINGS).toEqual({
      referrerCoins: 100,
      refereeCoins: 50,
      maxPerReferrer: 50,
    });
  });

  it('takes each from the environment', () => {
    expect(
      loadReferralSettings({
        REFERRAL_REFERRER_COINS: '200',
        REFERRAL_REFEREE_COINS: ' 25 ',
        REFERRAL_MAX_PER_REFERRER: '0',
      }),
    ).toEqual({ referrerCoins: 200, refereeCoins: 25, maxPerReferrer: 0 });
  });

  it.each([
    ['REFERRAL_REFERRER_COINS', '0'],
    ['REFERRAL_REFERRER_COINS', '1.5'],
    ['REFERRAL_REFEREE_COINS', '-5'],
    ['REFERRAL_REFEREE_COINS', 'fifty'],
    ['REFERRAL_MAX_PER_REFERRER', '2000000'],
  ])('refuses %s=%s, so nothing starts', (name, value) => {
    expect(() => loadReferralSettings({ [name]: value })).toThrow(name);
  });
});
