import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from 'react';
import { describeError } from '../lib/error-messages';
import type { Authenticator } from './authenticator';
import { type SignedInUser, userFromToken } from './token-claims';

export type AuthState =
  | { readonly status: 'loading' }
  | { readonly status: 'signed-out'; readonly error?: string }
  | { readonly status: 'signed-in'; readonly token: string; readonly user: SignedInUser };

export interface AuthContextValue {
  readonly state: AuthState;
  readonly mode: Authenticator['mode'];
  signIn(request?: { userId: string; admin: boolean }): Promise<void>;
  signOut(reason?: string): Promise<void>;
}

const AuthContext = createContext<AuthContextValue | undefined>(undefined);

function signedIn(token: string | undefined): AuthState {
  const user = token ? userFromToken(token) : undefined;
  return token && user ? { status: 'signed-in', token, user } : { status: 'signed-out' };
}

export function AuthProvider({
  authenticator,
  children,
}: {
  authenticator: Authenticator;
  children: ReactNode;
}) {
  const [state, setState] = useState<AuthState>({ status: 'loading' });

  useEffect(() => {
    let live = true;
    authenticator.restore().then(
      (token) => live && setState(signedIn(token)),
      (error: unknown) => live && setState({ status: 'signed-out', error: describeError(error) }),
    );
    return () => {
      live = false;
    };
  }, [authenticator]);

  const signIn = useCallback(
    async (request?: { userId: string; admin: boolean }) => {
      try {
        const token = await authenticator.signIn(request);
        // Cognito leaves the page here; the token arrives with the redirect back.
        if (token) setState(signedIn(token));
      } catch (error) {
        setState({ status: 'signed-out', error: describeError(error) });
      }
    },
    [authenticator],
  );

  const signOut = useCallback(
    async (reason?: string) => {
      await authenticator.signOut();
      setState(reason ? { status: 'signed-out', error: reason } : { status: 'signed-out' });
    },
    [authenticator],
  );

  return (
    <AuthContext.Provider value={{ state, mode: authenticator.mode, signIn, signOut }}>
      {children}
    </AuthContext.Provider>
  );
}

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth needs an AuthProvider');
  return value;
}
