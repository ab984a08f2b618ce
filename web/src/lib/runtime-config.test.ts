import { describe, expect, it } from 'vitest';
import { parseRuntimeConfig } from './runtime-config';

describe('runtime configuration', () => {
  it('reads local mode and trims the API base', () => {
    expect(
      parseRuntimeConfig({ apiBaseUrl: 'https://api.example/', auth: { mode: 'local' } }),
    ).toEqual({ apiBaseUrl: 'https://api.example', auth: { mode: 'local' } });
  });

  it('reads Cognito mode with its ids', () => {
    const config = parseRuntimeConfig({
      apiBaseUrl: '',
      auth: {
        mode: 'cognito',
        userPoolId: 'eu-west-1_abc',
        clientId: 'client',
        domain: 'https://daswos.auth.eu-west-1.amazoncognito.com/',
      },
    });
    expect(config.auth).toEqual({
      mode: 'cognito',
      userPoolId: 'eu-west-1_abc',
      clientId: 'client',
      domain: 'https://daswos.auth.eu-west-1.amazoncognito.com',
    });
  });

  it('refuses an unknown mode or missing Cognito ids', () => {
    expect(() => parseRuntimeConfig({ auth: { mode: 'magic' } })).toThrow(/auth.mode/);
    expect(() => parseRuntimeConfig({ auth: { mode: 'cognito', clientId: 'c' } })).toThrow(
      /userPoolId/,
    );
    expect(() => parseRuntimeConfig(null)).toThrow();
  });
});
