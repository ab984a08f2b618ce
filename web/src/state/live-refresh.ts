import { useEffect, useRef, useState } from 'react';

/** How often a visible page asks for the balance again, besides focus and every refusal. */
export const BALANCE_REFRESH_MS = 30_000;

/** Other tabs of the page hear of every change made here, and reload their figures. */
const CHANNEL_NAME = 'daswos-coins';

/** Whether the browser believes it is online, kept current by its online/offline events. */
export function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    return () => {
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
    };
  }, []);
  return online;
}

/**
 * Calls `refresh` while `active`: when the window gains focus or becomes visible again, when the
 * browser comes back online, and every `intervalMs` while the page is visible. A ref holds the
 * latest callback so the listeners are set up once per activation.
 */
export function useLiveRefresh(active: boolean, refresh: () => void, intervalMs: number): void {
  const latest = useRef(refresh);
  latest.current = refresh;
  useEffect(() => {
    if (!active) return;
    const now = () => latest.current();
    const whenVisible = () => {
      if (document.visibilityState !== 'hidden') latest.current();
    };
    window.addEventListener('focus', now);
    window.addEventListener('online', now);
    document.addEventListener('visibilitychange', whenVisible);
    const timer = window.setInterval(whenVisible, intervalMs);
    return () => {
      window.removeEventListener('focus', now);
      window.removeEventListener('online', now);
      document.removeEventListener('visibilitychange', whenVisible);
      window.clearInterval(timer);
    };
  }, [active, intervalMs]);
}

/**
 * A line between the tabs of this page: `announce` tells the others something changed, and
 * `onChange` runs here when another tab announces. Without BroadcastChannel it does nothing
 * (focus and the interval still catch up).
 */
export function useTabChannel(onChange: () => void): () => void {
  const channel = useRef<BroadcastChannel | undefined>(undefined);
  const latest = useRef(onChange);
  latest.current = onChange;
  useEffect(() => {
    if (typeof BroadcastChannel === 'undefined') return;
    const opened = new BroadcastChannel(CHANNEL_NAME);
    opened.onmessage = () => latest.current();
    channel.current = opened;
    return () => {
      opened.close();
      channel.current = undefined;
    };
  }, []);
  return useRef(() => channel.current?.postMessage('changed')).current;
}
