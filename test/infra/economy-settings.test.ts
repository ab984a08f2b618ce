import { economySettingsFromEnv } from '#infra/economy-settings';
import { routes } from '#infra/routes';
import { environmentOf } from '#test/infra/support/functions';
import { synthesize } from '#test/infra/support/synth';

const BUNDLES = JSON.stringify([
  { id: 'coins-250', coins: 250, priceCents: 299, currency: 'usd' },
  { id: 'coins-1000', coins: 1_000, priceCents: 999, currency: 'usd' },
]);

function withEnv<T>(values: Record<string, string>, run: () => T): T {
  const before = Object.fromEntries(Object.keys(values).map((name) => [name, process.env[name]]));
  Object.assign(process.env, values);
  try {
    return run();
  } finally {
    for (const [name, value] of Object.entries(before)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

describe("a stage's economy settings", () => {
  it('reach every route function when the deploy sets them, exactly as set', () => {
    const dev = withEnv({ COIN_BUNDLES: BUNDLES, GIVE_APPROVAL_THRESHOLD: '5000' }, () =>
      synthesize(),
    );
    try {
      for (const route of routes) {
        const env = environmentOf(
          dev.template,
          dev.stack.routeFunctions.functionFor(route.handler),
        );
        expect({ handler: route.handler, bundles: env.COIN_BUNDLES }).toEqual({
          handler: route.handler,
          bundles: BUNDLES,
        });
        expect(env.GIVE_APPROVAL_THRESHOLD).toBe('5000');
        expect(env.SUBSCRIPTION_PLANS).toBeUndefined();
      }
    } finally {
      dev.cleanUp();
    }
  });

  it('stop the deploy when one is not valid, naming it', () => {
    expect(() => withEnv({ GIVE_DAILY_LIMIT_PER_ADMIN: 'a lot' }, () => synthesize())).toThrow(
      /economy settings are not valid: GIVE_DAILY_LIMIT_PER_ADMIN/,
    );
    expect(() => economySettingsFromEnv({ COIN_BUNDLES: '[{"id":"x"}]' })).toThrow(
      /economy settings are not valid/,
    );
  });

  it('refuse settings too large for a function environment', () => {
    const bundles = JSON.stringify(
      Array.from({ length: 40 }, (_, i) => ({
        id: `coins-${(i + 1) * 100}`,
        coins: (i + 1) * 100,
        priceCents: (i + 1) * 99,
        currency: 'usd',
      })),
    );

    expect(() => economySettingsFromEnv({ COIN_BUNDLES: bundles })).toThrow(/4 KB/);
  });

  it('leave the functions on their defaults when the deploy sets none', () => {
    expect(economySettingsFromEnv({ PATH: '/usr/bin', COIN_BUNDLES: '  ' })).toEqual({});
  });
});
