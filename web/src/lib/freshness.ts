import type { BalanceFreshness } from '../state/coins-context';

const time = new Intl.DateTimeFormat('en-US', { timeStyle: 'short' });

/**
 * What to say about figures that may be out of date: nothing while they are current; offline, or
 * a failed refresh, with the time the server last confirmed them.
 */
export function describeFreshness({ confirmedAt, stale, online }: BalanceFreshness): string {
  if (!stale) return '';
  const since = confirmedAt ? ` Showing the balance from ${time.format(confirmedAt)}.` : '';
  return online
    ? `Could not refresh your balance.${since} Retrying…`
    : `You are offline.${since} It refreshes when you are back online.`;
}
