import { afterEach, describe, expect, it, vi } from 'vitest';

// oidc-client-ts itself talks to Cognito: here a stand-in records what it is asked to do.
const calls = vi.hoisted(() => ({
  settings: [] as Record<string, unknown>[],
  redirects: [] as unknown[],
  user: undefined as { access_token: string; expired: boolean; state?: unknown } | undefined,
}));

vi.mock('oidc-client-ts', () => ({
  WebStorageStateStore: class {
    constructor(readonly options: unknown) {}
  },
  UserManager: class {
    constructor(settings: Record<string, unknown>) {
      calls.settings.push(settings);
    }
    getUser = async () => calls.user ?? null;
    signinRedirect = async (args: unknown) => {
      calls.redirects.push(args);
    };
    signinRedirectCallback = async () => calls.user;
    removeUser = async () => {
      calls.user = undefined;
    };
  },
}));

import { CALLBACK_PATH, createCognitoAuthenticator } from './cognito-authenticator';

const config = {
  mode: 'cognito' as const,
  userPoolId: 'eu-west-1_Pool',
  clientId: 'web-client',
  domain: 'https://daswos.auth.eu-west-1.amazoncognito.com',
};

describe('Cognito sign-in (runtime config, oidc-client-ts)', () => {
  afterEach(() => {
    calls.settings.length = 0;
    calls.redirects.length = 0;
    calls.user = undefined;
    window.history.replaceState(null, '', '/');
  });

  it('uses the pool as the OIDC authority with the code flow and comes back to the page', async () => {
    window.history.replaceState(null, '', '/daswos-coins');
    const auth = createCognitoAuthenticator(config);
    await expect(auth.restore()).resolves.toBeUndefined();
    expect(calls.settings[0]).toMatchObject({
      authority: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Pool',
      client_id: 'web-client',
      redirect_uri: `${window.location.origin}${CALLBACK_PATH}`,
      response_type: 'code',
    });
    await auth.signIn();
    expect(calls.redirects).toEqual([{ state: '/daswos-coins' }]);
  });

  it('finishes the redirect, hands the API the access token and restores the page', async () => {
    calls.user = { access_token: 'access.jwt', expired: false, state: '/daswos-coins' };
    window.history.replaceState(null, '', `${CALLBACK_PATH}?code=abc&state=xyz`);
    await expect(createCognitoAuthenticator(config).restore()).resolves.toBe('access.jwt');
    expect(window.location.pathname).toBe('/daswos-coins');
  });

  it('treats an expired session as signed out', async () => {
    calls.user = { access_token: 'old.jwt', expired: true };
    await expect(createCognitoAuthenticator(config).restore()).resolves.toBeUndefined();
  });
});
