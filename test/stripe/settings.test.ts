import { isLocalStripeKey, loadStripeSettings } from '#shared/stripe/settings';

describe('Stripe settings', () => {
  const local = { STRIPE_SECRET_KEY: 'sk_test_abc', STRIPE_WEBHOOK_SECRET: 'whsec_abc' };

  it('reads the keys from the environment locally, CLIENT_URL defaulting to localhost:5000', async () => {
    const settings = await loadStripeSettings(local, () => Promise.reject(new Error('unused')));

    expect(settings).toEqual({
      secretKey: 'sk_test_abc',
      webhookSecret: 'whsec_abc',
      apiBase: undefined,
      clientUrl: 'http://localhost:5000',
    });
  });

  it('returns buyers to the port the local server listens on when CLIENT_URL is unset', async () => {
    const settings = await loadStripeSettings({ ...local, PORT: '5621' });

    expect(settings.clientUrl).toBe('http://localhost:5621');
  });

  it('prefers an explicit CLIENT_URL to the local port', async () => {
    const settings = await loadStripeSettings({
      ...local,
      PORT: '5621',
      CLIENT_URL: 'http://coins.test:8080/',
    });

    expect(settings.clientUrl).toBe('http://coins.test:8080');
  });

  it('reads the keys from Secrets Manager in AWS, and CLIENT_URL from the environment', async () => {
    const reads: string[] = [];
    const settings = await loadStripeSettings(
      { STRIPE_SECRET_ARN: 'arn:secret', CLIENT_URL: 'https://daswos.example/' },
      async (id) => {
        reads.push(id);
        return JSON.stringify({ secretKey: 'sk_live_x', webhookSecret: 'whsec_live' });
      },
    );

    expect(reads).toEqual(['arn:secret']);
    expect(settings).toMatchObject({
      secretKey: 'sk_live_x',
      webhookSecret: 'whsec_live',
      clientUrl: 'https://daswos.example',
    });
  });

  it('leaves CLIENT_URL unset in AWS rather than sending buyers to localhost', async () => {
    const settings = await loadStripeSettings({ STRIPE_SECRET_ARN: 'arn:secret' }, async () =>
      JSON.stringify({ secretKey: 'sk_live_x', webhookSecret: 'whsec_live' }),
    );

    expect(settings.clientUrl).toBeUndefined();
  });

  it.each([
    ['no webhook secret', { STRIPE_SECRET_KEY: 'sk_test_abc' }],
    ['no secret key', { STRIPE_WEBHOOK_SECRET: 'whsec_abc' }],
    ['a CLIENT_URL that is not http(s)', { ...local, CLIENT_URL: 'javascript:alert(1)' }],
    ['a real key sent to a local API', { ...local, STRIPE_API_BASE: 'http://127.0.0.1:1' }],
  ])('fails loudly with %s', async (_name, env) => {
    await expect(loadStripeSettings(env)).rejects.toThrow();
  });

  it('fails loudly when the stored secret lacks a key', async () => {
    await expect(
      loadStripeSettings({ STRIPE_SECRET_ARN: 'arn' }, async () => '{"secretKey":"sk"}'),
    ).rejects.toThrow(/webhookSecret/);
  });

  it('treats an unset, empty or sk_local_ key as local', () => {
    expect([undefined, '', 'sk_local_x', 'sk_test_x', 'sk_live_x'].map(isLocalStripeKey)).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
  });
});
