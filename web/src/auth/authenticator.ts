import type { AuthConfig } from '../lib/runtime-config';
import { createCognitoAuthenticator } from './cognito-authenticator';
import { createLocalAuthenticator } from './local-authenticator';

/** One way of signing in; which one is chosen by the runtime configuration, never by the build. */
export interface Authenticator {
  readonly mode: AuthConfig['mode'];
  /** The token of a session already open in this tab (or just returned from the sign-in page). */
  restore(): Promise<string | undefined>;
  /** Local: asks the stand-in for a token. Cognito: leaves for the hosted sign-in page. */
  signIn(request?: { userId: string; admin: boolean }): Promise<string | undefined>;
  signOut(): Promise<void>;
}

export function createAuthenticator(auth: AuthConfig, apiBaseUrl: string): Authenticator {
  return auth.mode === 'cognito'
    ? createCognitoAuthenticator(auth)
    : createLocalAuthenticator(apiBaseUrl);
}
