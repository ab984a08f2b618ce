import { stageConfig } from '#infra/stage-config';

test('stage defaults to dev, with dev settings', () => {
  expect(stageConfig()).toMatchObject({ stage: 'dev', isProduction: false, logLevel: 'DEBUG' });
});

test('prod gets production throttling, log level and alarm threshold', () => {
  expect(stageConfig('prod', { alarmEmail: 'ops@example.com' })).toMatchObject({
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

test('prod without an alarm address is refused, saying what to pass', () => {
  expect(() => stageConfig('prod')).toThrow(
    /stage=prod needs an alarm address: pass -c alarmEmail=/,
  );
  expect(() => stageConfig('prod', { alarmEmail: ' ' })).toThrow(/alarmEmail/);
});

test('alarmEmail must be an e-mail address; other stages may go without one', () => {
  expect(() => stageConfig('dev', { alarmEmail: 'ops' })).toThrow(/Invalid alarmEmail/);
  expect(stageConfig('dev').alarmEmail).toBeUndefined();
});
