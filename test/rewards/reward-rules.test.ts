import { DEFAULT_REWARD_RULES, loadRewardRules } from '#shared/rewards/rules';

describe('the reward catalogue (REWARD_RULES)', () => {
  it('pays the default rules when unset', () => {
    expect(loadRewardRules({}).rules).toEqual(DEFAULT_REWARD_RULES);
    expect(loadRewardRules({}).find('listing-created')).toEqual({
      action: 'listing-created',
      coins: 10,
      dailyLimit: 5,
    });
  });

  it('takes its rules from REWARD_RULES', () => {
    const catalogue = loadRewardRules({
      REWARD_RULES: JSON.stringify([{ action: 'first-sale', coins: 25, lifetimeLimit: 1 }]),
    });

    expect(catalogue.rules).toEqual([{ action: 'first-sale', coins: 25, lifetimeLimit: 1 }]);
    expect(catalogue.find('daily-login')).toBeUndefined();
  });

  it.each([
    ['not JSON', '[{'],
    ['an empty list', '[]'],
    ['a rule without coins', '[{"action":"x"}]'],
    ['zero coins', '[{"action":"x","coins":0}]'],
    ['a fractional limit', '[{"action":"x","coins":1,"dailyLimit":1.5}]'],
    ['an action with capitals', '[{"action":"Daily","coins":1}]'],
    ['an unknown field', '[{"action":"x","coins":1,"weeklyLimit":2}]'],
    ['a duplicate action', '[{"action":"x","coins":1},{"action":"x","coins":2}]'],
  ])('refuses %s, so nothing starts', (_case, value) => {
    expect(() => loadRewardRules({ REWARD_RULES: value })).toThrow(/REWARD_RULES/);
  });
});
