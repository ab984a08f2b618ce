import { ApiError } from '../api/api-client';
import type { Authenticator } from './authenticator';
import { isExpired, userFromToken } from './token-claims';

/** Session storage, not local storage: a development token should not outlive the tab. */
export const TOKEN_STORAGE_KEY = 'daswos-coins.token';

/**
 * Development sign-in against the gateway's Cognito stand-in (`POST /local/token`), which also
 * gives a new user a wallet. The admin box asks for the `admin` group; the stand-in exists only
 * on a laptop, so this is not a way into a deployed system.
 */
export function createLocalAuthenticator(
  apiBaseUrl: string,
  fetcher: typeof fetch = (...args) => fetch(...args),
  storage: Storage = window.sessionStorage,
): Authenticator {
  return {
    mode: 'local',
    restore: async () => {
      const token = storage.getItem(TOKEN_STORAGE_KEY) ?? undefined;
      const user = token ? userFromToken(token) : undefined;
      if (token && user && !isExpired(user)) return token;
      storage.removeItem(TOKEN_STORAGE_KEY);
      return undefined;
    },
    signIn: async (request) => {
      if (!request) throw new Error('Local sign-in needs a user id');
      const response = await fetcher(`${apiBaseUrl}/local/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          sub: request.userId,
          ...(request.admin ? { groups: ['admin'] } : {}),
        }),
      });
      const body = (await response.json().catch(() => ({}))) as {
        token?: string;
        error?: { code?: string; message?: string };
      };
      if (!response.ok || !body.token) {
        throw new ApiError(
          response.status,
          body.error?.code ?? 'HTTP_ERROR',
          body.error?.message ?? `Sign-in failed (${response.status})`,
        );
      }
      storage.setItem(TOKEN_STORAGE_KEY, body.token);
      return body.token;
    },
    signOut: async () => {
      storage.removeItem(TOKEN_STORAGE_KEY);
    },
  };
}
