import { giveSettingsFromEnv } from '#shared/grants/settings';
import { DEFAULT_TRANSFER_LIMITS, transferLimitsFromEnv } from '#shared/velocity/transfer-limits';

describe('TRANSFER_LIMITS', () => {
  it('defaults to 60 transfers per hour and 1,000,000 coins per day', () => {
    expect(transferLimitsFromEnv({})).toEqual({ transfersPerHour: 60, coinsPerDay: 1_000_000 });
    expect(DEFAULT_TRANSFER_LIMITS).toEqual(transferLimitsFromEnv({ TRANSFER_LIMITS: ' ' }));
  });

  it('overrides either field', () => {
    expect(transferLimitsFromEnv({ TRANSFER_LIMITS: '{"transfersPerHour":5}' })).toEqual({
      transfersPerHour: 5,
      coinsPerDay: 1_000_000,
    });
  });

  it.each([
    ['not JSON', '{transfersPerHour:5}', /not JSON/],
    ['an array', '[60]', /JSON object/],
    ['an unknown field', '{"perMinute":1}', /unknown field perMinute/],
    ['zero', '{"transfersPerHour":0}', /whole number from 1/],
    ['a fraction', '{"coinsPerDay":1.5}', /whole number from 1/],
    ['a string', '{"coinsPerDay":"100"}', /whole number from 1/],
  ])('refuses %s, rather than running without limits', (_case, value, message) => {
    expect(() => transferLimitsFromEnv({ TRANSFER_LIMITS: value })).toThrow(message);
  });
});

describe('giveaway settings', () => {
  it('default to a 100,000 approval threshold and 1,000,000 per admin per day', () => {
    expect(giveSettingsFromEnv({})).toEqual({
      approvalThreshold: 100_000,
      dailyLimitPerAdmin: 1_000_000,
    });
  });

  it.each(['0', '-5', '1.5', 'lots', '1000000001'])('refuse %j', (value) => {
    expect(() => giveSettingsFromEnv({ GIVE_APPROVAL_THRESHOLD: value })).toThrow(
      /GIVE_APPROVAL_THRESHOLD/,
    );
    expect(() => giveSettingsFromEnv({ GIVE_DAILY_LIMIT_PER_ADMIN: value })).toThrow(
      /GIVE_DAILY_LIMIT_PER_ADMIN/,
    );
  });
});
