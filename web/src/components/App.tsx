import { useMemo } from 'react';
import { AuthProvider } from '../auth/auth-context';
import { type Authenticator, createAuthenticator } from '../auth/authenticator';
import type { RuntimeConfig } from '../lib/runtime-config';
import { CoinsProvider } from '../state/coins-context';
import { AppHeader } from './AppHeader';
import { DasWosCoinsPage } from './DasWosCoinsPage';

export interface AppProps {
  readonly config: RuntimeConfig;
  /** Tests pass their own; otherwise the config picks local or Cognito sign-in. */
  readonly authenticator?: Authenticator;
  readonly fetcher?: typeof fetch;
  /** Tests watch where the page would go (Checkout, the portal) instead of navigating. */
  readonly goTo?: (url: string) => void;
}

export function App({ config, authenticator, fetcher, goTo }: AppProps) {
  const auth = useMemo(
    () => authenticator ?? createAuthenticator(config.auth, config.apiBaseUrl),
    [authenticator, config],
  );
  return (
    <AuthProvider authenticator={auth}>
      <CoinsProvider
        apiBaseUrl={config.apiBaseUrl}
        {...(fetcher ? { fetcher } : {})}
        {...(goTo ? { goTo } : {})}
      >
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <AppHeader />
        <main id="main" tabIndex={-1}>
          <h1 className="page-title">DasWos coins</h1>
          <DasWosCoinsPage />
        </main>
      </CoinsProvider>
    </AuthProvider>
  );
}
