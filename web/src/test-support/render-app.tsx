import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { AuthProvider } from '../auth/auth-context';
import type { Authenticator } from '../auth/authenticator';
import { CoinsProvider } from '../state/coins-context';
import { fakeToken } from './fake-api';

/** An authenticator that is already signed in as `sub` (or signed out without one). */
export function signedInAs(sub?: string, groups: string[] = []): Authenticator {
  const token = sub ? fakeToken(sub, groups) : undefined;
  return {
    mode: 'local',
    restore: async () => token,
    signIn: async (request) => (request ? fakeToken(request.userId) : undefined),
    signOut: async () => undefined,
  };
}

export function renderWithCoins(
  ui: ReactNode,
  { authenticator, fetcher }: { authenticator: Authenticator; fetcher: typeof fetch },
) {
  return render(
    <AuthProvider authenticator={authenticator}>
      <CoinsProvider apiBaseUrl="" fetcher={fetcher}>
        {ui}
      </CoinsProvider>
    </AuthProvider>,
  );
}
