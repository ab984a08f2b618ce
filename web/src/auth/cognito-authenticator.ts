import type { UserManager } from 'oidc-client-ts';
import type { CognitoAuthConfig } from '../lib/runtime-config';
import type { Authenticator } from './authenticator';

export const CALLBACK_PATH = '/auth/callback';

/**
 * Deployed sign-in: the Cognito hosted UI with the authorization-code flow and PKCE, through
 * oidc-client-ts (a maintained OIDC client; Cognito is a standard OIDC provider). It is loaded
 * only in this mode, so local development does not pay for it. The API gets the access token,
 * which carries `client_id` and `cognito:groups` as the authorizers expect.
 */
export function createCognitoAuthenticator(config: CognitoAuthConfig): Authenticator {
  let manager: Promise<UserManager> | undefined;
  const origin = window.location.origin;

  function userManager(): Promise<UserManager> {
    manager ??= import('oidc-client-ts').then(({ UserManager, WebStorageStateStore }) => {
      const region = config.userPoolId.split('_')[0];
      return new UserManager({
        authority: `https://cognito-idp.${region}.amazonaws.com/${config.userPoolId}`,
        client_id: config.clientId,
        redirect_uri: `${origin}${CALLBACK_PATH}`,
        post_logout_redirect_uri: `${origin}/`,
        response_type: 'code',
        scope: 'openid email profile',
        userStore: new WebStorageStateStore({ store: window.sessionStorage }),
        automaticSilentRenew: false,
      });
    });
    return manager;
  }

  return {
    mode: 'cognito',
    restore: async () => {
      const users = await userManager();
      if (window.location.pathname === CALLBACK_PATH) {
        const user = await users.signinRedirectCallback();
        const back =
          typeof user.state === 'string' && user.state.startsWith('/') ? user.state : '/';
        window.history.replaceState(null, '', back);
        return user.access_token;
      }
      const user = await users.getUser();
      return user && !user.expired ? user.access_token : undefined;
    },
    signIn: async () => {
      const users = await userManager();
      await users.signinRedirect({ state: window.location.pathname + window.location.search });
      return undefined;
    },
    signOut: async () => {
      const users = await userManager();
      await users.removeUser();
      // Cognito publishes no end_session_endpoint: its hosted UI has its own /logout.
      const query = new URLSearchParams({ client_id: config.clientId, logout_uri: `${origin}/` });
      window.location.assign(`${config.domain}/logout?${query}`);
    },
  };
}
