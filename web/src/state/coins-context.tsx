import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { type ApiClient, ApiError, createApiClient } from '../api/api-client';
import { useAuth } from '../auth/auth-context';
import { describeError } from '../lib/error-messages';

export interface CoinsContextValue {
  readonly api: ApiClient;
  /** Undefined until the first answer (or when signed out). */
  readonly balance: number | undefined;
  readonly balanceError: string | undefined;
  refreshBalance(): Promise<number | undefined>;
  /** A write answered with the new balance: show it without another round trip. */
  setBalance(balance: number): void;
  /** Bumped after every change, so the history reloads from its first page. */
  readonly historyVersion: number;
  historyChanged(): void;
  /** Leaves the page for Stripe (Checkout, the customer portal). */
  goTo(url: string): void;
  /** Turns an expired session into a sign-out; true when it did. */
  handleAuthError(error: unknown): boolean;
}

const leavePage = (url: string) => window.location.assign(url);

const CoinsContext = createContext<CoinsContextValue | undefined>(undefined);

/** The API client and the state the header and the page share: one balance, one history. */
export function CoinsProvider({
  apiBaseUrl,
  fetcher,
  goTo = leavePage,
  children,
}: {
  apiBaseUrl: string;
  fetcher?: typeof fetch;
  /** Tests watch this instead of navigating jsdom. */
  goTo?: (url: string) => void;
  children: ReactNode;
}) {
  const { state, signOut } = useAuth();
  const token = state.status === 'signed-in' ? state.token : undefined;
  // The client reads the token through a ref so it stays one object across sign-ins.
  const tokenRef = useRef(token);
  tokenRef.current = token;
  const api = useMemo(
    () =>
      createApiClient({
        baseUrl: apiBaseUrl,
        getToken: () => tokenRef.current,
        ...(fetcher ? { fetcher } : {}),
      }),
    [apiBaseUrl, fetcher],
  );
  const [balance, setBalance] = useState<number>();
  const [balanceError, setBalanceError] = useState<string>();
  const [historyVersion, setHistoryVersion] = useState(0);

  const handleAuthError = useCallback(
    (error: unknown) => {
      if (error instanceof ApiError && error.status === 401) {
        void signOut('Your session has ended. Please sign in again.');
        return true;
      }
      return false;
    },
    [signOut],
  );

  const refreshBalance = useCallback(async () => {
    try {
      const answer = await api.balance();
      setBalance(answer.balance);
      setBalanceError(undefined);
      return answer.balance;
    } catch (error) {
      if (!handleAuthError(error)) setBalanceError(describeError(error));
      return undefined;
    }
  }, [api, handleAuthError]);

  useEffect(() => {
    setBalance(undefined);
    if (token) void refreshBalance();
  }, [token, refreshBalance]);

  const historyChanged = useCallback(() => setHistoryVersion((v) => v + 1), []);

  const value: CoinsContextValue = {
    api,
    balance,
    balanceError,
    refreshBalance,
    setBalance,
    historyVersion,
    historyChanged,
    goTo,
    handleAuthError,
  };
  return <CoinsContext.Provider value={value}>{children}</CoinsContext.Provider>;
}

export function useCoins(): CoinsContextValue {
  const value = useContext(CoinsContext);
  if (!value) throw new Error('useCoins needs a CoinsProvider');
  return value;
}
