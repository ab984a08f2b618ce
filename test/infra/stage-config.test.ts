import { stageConfig } from '#infra/stage-config';

test('stage defaults to dev, with dev settings', () => {
  expect(stageConfig()).toMatchObject({ stage: 'dev', isProduction: false, logLevel: 'DEBUG' });
});

test('prod gets production throttling, log level and alarm threshold', () => {
  expect(stageConfig('prod')).toMatchObject({
    isProduction: true,
    throttle: { rateLimit: 200, burstLimit: 400 },
    logLevel: 'INFO',
    api5xxAlarmThreshold: 1,
  });
});

test.each(['Prod', 'prod!', '', 'a-very-long-stage-name', '1dev'])(
  'stage name %j is refused (it ends up in table and stack names)',
  (stage) => {
    expect(() => stageConfig(stage)).toThrow(/Invalid stage/);
  },
);

test('clientUrl must be https; a trailing slash is dropped', () => {
  expect(stageConfig('dev', { clientUrl: 'https://coins.example.com/' }).clientUrl).toBe(
    'https://coins.example.com',
  );
  expect(() => stageConfig('dev', { clientUrl: 'http://coins.example.com' })).toThrow(/https/);
  expect(() => stageConfig('dev', { clientUrl: 'coins.example.com' })).toThrow(/https/);
});
