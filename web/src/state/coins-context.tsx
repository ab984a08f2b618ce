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
import { BALANCE_REFRESH_MS, useLiveRefresh, useOnline, useTabChannel } from './live-refresh';

/** How fresh the balance on screen is. */
export interface BalanceFreshness {
  /** When the server last confirmed the balance shown. */
  readonly confirmedAt: Date | undefined;
  /** The last refresh failed: the figures shown may be out of date. */
  readonly stale: boolean;
  readonly online: boolean;
}

export interface CoinsContextValue {
  readonly api: ApiClient;
  /** Undefined until the first answer (or when signed out). */
  readonly balance: number | undefined;
  readonly balanceError: string | undefined;
  /** Coins reserved by holds, as of the last balance refresh: the user's, not yet usable. */
  readonly held: number;
  readonly freshness: BalanceFreshness;
  refreshBalance(): Promise<number | undefined>;
  /** A write answered with the new balance: show it without another round trip. */
  setBalance(balance: number): void;
  /** Bumped after every change, so the history reloads from its first page. */
  readonly historyVersion: number;
  /** Reloads the history here and tells the page's other tabs. */
  historyChanged(): void;
  /** Leaves the page for Stripe (Checkout, the customer portal). */
  goTo(url: string): void;
  /** Turns an expired session into a sign-out; true when it did. */
  handleAuthError(error: unknown): boolean;
}

const leavePage = (url: string) => window.location.assign(url);

const CoinsContext = createContext<CoinsContextValue | undefined>(undefined);

/**
 * The API client and the state the header and the page share: one balance, one history. The
 * balance is never left stale silently: it is asked for again on focus, on an interval, when the
 * browser comes back online, after every refused or failed call, and when another tab changed
 * something; when a refresh fails the figures are marked stale (or offline).
 */
export function CoinsProvider({
  apiBaseUrl,
  fetcher,
  goTo = leavePage,
  refreshIntervalMs = BALANCE_REFRESH_MS,
  children,
}: {
  apiBaseUrl: string;
  fetcher?: typeof fetch;
  /** Tests watch this instead of navigating jsdom. */
  goTo?: (url: string) => void;
  refreshIntervalMs?: number;
  children: ReactNode;
}) {
  const { state, signOut } = useAuth();
  const token = state.status === 'signed-in' ? state.token : undefined;
  // The client reads the token through a ref so it stays one object across sign-ins.
  const tokenRef = useRef(token);
  tokenRef.current = token;
  // The client is made before refreshBalance exists: it reaches it through this ref.
  const afterFailure = useRef<(error: ApiError, path: string) => void>(() => undefined);
  const api = useMemo(
    () =>
      createApiClient({
        baseUrl: apiBaseUrl,
        getToken: () => tokenRef.current,
        onFailure: (error, path) => afterFailure.current(error, path),
        ...(fetcher ? { fetcher } : {}),
      }),
    [apiBaseUrl, fetcher],
  );
  const [balance, setBalanceState] = useState<number>();
  const [balanceError, setBalanceError] = useState<string>();
  const [held, setHeld] = useState(0);
  const [confirmedAt, setConfirmedAt] = useState<Date>();
  const [stale, setStale] = useState(false);
  const online = useOnline();
  const [historyVersion, setHistoryVersion] = useState(0);
  const shown = useRef<number | undefined>(undefined);

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

  const reloadHistory = useCallback(() => setHistoryVersion((v) => v + 1), []);
  const refreshBalanceRef = useRef<() => Promise<number | undefined>>(async () => undefined);
  const announce = useTabChannel(() => {
    if (!tokenRef.current) return;
    reloadHistory();
    void refreshBalanceRef.current();
  });

  const setBalance = useCallback((value: number) => {
    shown.current = value;
    setBalanceState(value);
    setConfirmedAt(new Date());
    setStale(false);
  }, []);

  const refreshBalance = useCallback(async () => {
    try {
      const answer = await api.balance();
      // Coins that arrived from elsewhere (a transfer in, a renewal): their history row too.
      if (shown.current !== undefined && shown.current !== answer.balance) reloadHistory();
      setBalance(answer.balance);
      setHeld(answer.held);
      setBalanceError(undefined);
      return answer.balance;
    } catch (error) {
      if (!handleAuthError(error)) {
        setBalanceError(describeError(error));
        setStale(true);
      }
      return undefined;
    }
  }, [api, handleAuthError, reloadHistory, setBalance]);
  refreshBalanceRef.current = refreshBalance;

  // A refusal ("not enough coins") must not sit beside an old balance: ask again after any
  // failed call but the balance's own and a lost session's.
  afterFailure.current = (error, path) => {
    if (tokenRef.current && path !== '/balance' && error.status !== 401) void refreshBalance();
  };

  useEffect(() => {
    shown.current = undefined;
    setBalanceState(undefined);
    setStale(false);
    if (token) void refreshBalance();
  }, [token, refreshBalance]);

  useLiveRefresh(token !== undefined, () => void refreshBalance(), refreshIntervalMs);

  const historyChanged = useCallback(() => {
    reloadHistory();
    announce();
  }, [reloadHistory, announce]);

  const value: CoinsContextValue = {
    api,
    balance,
    balanceError,
    held,
    freshness: { confirmedAt, stale: stale || !online, online },
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
