import { DEFAULT_PLANS, loadPlans } from '#shared/subscriptions/plans';

describe('the plan catalogue', () => {
  it('offers Basic and Plus by default', () => {
    const catalogue = loadPlans({});

    expect(catalogue.plans).toEqual([
      { id: 'plan-basic', name: 'Basic', coinsPerMonth: 1000, priceCents: 799, currency: 'usd' },
      { id: 'plan-plus', name: 'Plus', coinsPerMonth: 3000, priceCents: 1999, currency: 'usd' },
    ]);
    expect(catalogue.find('plan-plus')).toEqual(DEFAULT_PLANS[1]);
    expect(catalogue.find('plan-free')).toBeUndefined();
  });

  it('takes its plans from SUBSCRIPTION_PLANS, currency defaulting to usd', () => {
    const catalogue = loadPlans({
      SUBSCRIPTION_PLANS: JSON.stringify([
        { id: 'plan-mini', name: 'Mini', coinsPerMonth: 100, priceCents: 99 },
        { id: 'plan-euro', name: 'Euro', coinsPerMonth: 900, priceCents: 799, currency: 'EUR' },
      ]),
    });

    expect(catalogue.plans).toEqual([
      { id: 'plan-mini', name: 'Mini', coinsPerMonth: 100, priceCents: 99, currency: 'usd' },
      { id: 'plan-euro', name: 'Euro', coinsPerMonth: 900, priceCents: 799, currency: 'eur' },
    ]);
  });

  it.each([
    ['not JSON', '[{id:'],
    ['empty', '[]'],
    ['without a name', '[{"id":"a","coinsPerMonth":1,"priceCents":1}]'],
    ['zero coins a month', '[{"id":"a","name":"A","coinsPerMonth":0,"priceCents":100}]'],
    ['a fractional price', '[{"id":"a","name":"A","coinsPerMonth":10,"priceCents":9.5}]'],
    [
      'an unknown field',
      '[{"id":"a","name":"A","coinsPerMonth":10,"priceCents":99,"interval":"year"}]',
    ],
    [
      'duplicate ids',
      '[{"id":"a","name":"A","coinsPerMonth":1,"priceCents":1},{"id":"a","name":"B","coinsPerMonth":2,"priceCents":2}]',
    ],
  ])('refuses a SUBSCRIPTION_PLANS that is %s, loudly', (_name, value) => {
    expect(() => loadPlans({ SUBSCRIPTION_PLANS: value })).toThrow(/^SUBSCRIPTION_PLANS/);
  });
});
