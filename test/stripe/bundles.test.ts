import { DEFAULT_BUNDLES, loadBundles } from '#shared/stripe/bundles';

describe('the bundle catalogue', () => {
  it('sells the seed bundles by default', () => {
    const catalogue = loadBundles({});

    expect(catalogue.bundles.map((b) => [b.id, b.coins, b.priceCents, b.currency])).toEqual([
      ['coins-100', 100, 99, 'usd'],
      ['coins-500', 500, 449, 'usd'],
      ['coins-1000', 1_000, 849, 'usd'],
      ['coins-2500', 2_500, 1_999, 'usd'],
      ['coins-5000', 5_000, 3_799, 'usd'],
      ['coins-10000', 10_000, 6_999, 'usd'],
    ]);
    expect(catalogue.find('coins-500')).toEqual(DEFAULT_BUNDLES[1]);
    expect(catalogue.find('coins-7')).toBeUndefined();
  });

  it('takes its bundles from COIN_BUNDLES, currency defaulting to usd', () => {
    const catalogue = loadBundles({
      COIN_BUNDLES: JSON.stringify([
        { id: 'starter', coins: 50, priceCents: 60 },
        { id: 'euro-pack', coins: 700, priceCents: 599, currency: 'EUR' },
      ]),
    });

    expect(catalogue.bundles).toEqual([
      { id: 'starter', coins: 50, priceCents: 60, currency: 'usd' },
      { id: 'euro-pack', coins: 700, priceCents: 599, currency: 'eur' },
    ]);
  });

  it.each([
    ['not JSON', '[{id:'],
    ['not an array', '{"id":"a","coins":1,"priceCents":1}'],
    ['empty', '[]'],
    ['zero coins', '[{"id":"a","coins":0,"priceCents":100}]'],
    ['fractional coins', '[{"id":"a","coins":1.5,"priceCents":100}]'],
    ['a negative price', '[{"id":"a","coins":10,"priceCents":-1}]'],
    ['a price as a string', '[{"id":"a","coins":10,"priceCents":"99"}]'],
    ['a bad currency', '[{"id":"a","coins":10,"priceCents":99,"currency":"dollars"}]'],
    ['an unknown field', '[{"id":"a","coins":10,"priceCents":99,"bonus":5}]'],
    ['a bad id', '[{"id":"Big Pack!","coins":10,"priceCents":99}]'],
    [
      'duplicate ids',
      '[{"id":"a","coins":10,"priceCents":99},{"id":"a","coins":20,"priceCents":199}]',
    ],
  ])('refuses a COIN_BUNDLES that is %s, loudly', (_name, value) => {
    expect(() => loadBundles({ COIN_BUNDLES: value })).toThrow(/^COIN_BUNDLES/);
  });
});
