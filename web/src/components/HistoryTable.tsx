import { Fragment, useCallback, useEffect, useRef, useState } from 'react';
import type { Transaction } from '../api/api-types';
import { useAuth } from '../auth/auth-context';
import { describeTransaction, HISTORY_FILTERS } from '../lib/describe-transaction';
import { describeError } from '../lib/error-messages';
import { formatDateTime } from '../lib/format-coins';
import { useCoins } from '../state/coins-context';
import { DasWosCoinDisplay } from './DasWosCoinDisplay';
import { TransactionDetails } from './TransactionDetails';

const PAGE_SIZE = 10;

/**
 * The user's transactions, newest first, a page at a time through the API's cursor. Any change
 * (historyVersion) or another type filter starts again from the first page, so new entries
 * appear at the top. The API filters by type (`?type=`): a filtered page may be short, even
 * empty, with more further back, so Load more stays while the API gives a cursor.
 */
export function HistoryTable({ userId }: { userId: string }) {
  const { api, historyVersion, handleAuthError } = useCoins();
  const signedIn = useAuth().state.status === 'signed-in';
  const [rows, setRows] = useState<readonly Transaction[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string>();
  const [filter, setFilter] = useState('all');
  const [opened, setOpened] = useState<string>();
  // Answers that arrive after a newer reload are dropped.
  const generation = useRef(0);

  const types = HISTORY_FILTERS.find((option) => option.id === filter)?.types;
  const load = useCallback(
    async (from: string | null) => {
      const mine = ++generation.current;
      setLoading(true);
      setError(undefined);
      try {
        const page = await api.transactions(from, PAGE_SIZE, types);
        if (mine !== generation.current) return;
        setRows((previous) => (from ? [...previous, ...page.transactions] : page.transactions));
        setCursor(page.nextCursor);
      } catch (failure) {
        if (mine === generation.current && !handleAuthError(failure))
          setError(describeError(failure));
      } finally {
        if (mine === generation.current) setLoading(false);
      }
    },
    [api, handleAuthError, types],
  );

  // historyVersion is the reload signal: the effect must rerun when it changes (a new filter
  // changes `load`).
  // biome-ignore lint/correctness/useExhaustiveDependencies: see above
  useEffect(() => {
    if (signedIn) void load(null);
  }, [load, historyVersion, signedIn]);

  return (
    <section className="panel panel--wide" aria-labelledby="history-heading">
      <h2 id="history-heading">History</h2>
      <div className="field history-filter">
        <label htmlFor="history-filter">Show</label>
        <select
          id="history-filter"
          value={filter}
          onChange={(e) => {
            // Another filter is another list: the old rows must not stand for its first page.
            setRows([]);
            setCursor(null);
            setFilter(e.target.value);
          }}
        >
          {HISTORY_FILTERS.map((option) => (
            <option key={option.id} value={option.id}>
              {option.label}
            </option>
          ))}
        </select>
      </div>
      {rows.length === 0 && !loading && !error ? (
        <p className="muted">
          {filter === 'all'
            ? 'No transactions yet.'
            : `No transactions of this type${cursor ? ' in the latest ones; Load more looks further back.' : '.'}`}
        </p>
      ) : null}
      {rows.length > 0 ? (
        // Scrolls sideways on a narrow screen; focusable so that keyboard users can scroll it too.
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable
        <section className="table-scroll" tabIndex={0} aria-label="Transactions table">
          <table className="history-table">
            <caption className="visually-hidden">
              Your DasWos coin transactions, newest first
            </caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Type</th>
                <th scope="col" className="numeric">
                  Amount
                </th>
                <th scope="col">Counterpart</th>
                <th scope="col">Description</th>
                <th scope="col">
                  <span className="visually-hidden">Details</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((transaction) => {
                const row = describeTransaction(transaction, userId);
                const open = opened === row.id;
                const detailsId = `details-${row.id}`;
                return (
                  <Fragment key={row.id}>
                    <tr data-testid="history-row">
                      <td>
                        <time dateTime={row.timestamp}>{formatDateTime(row.timestamp)}</time>
                      </td>
                      <td>{row.type}</td>
                      <td className="numeric">
                        <DasWosCoinDisplay amount={row.signedAmount} size="sm" signed />
                      </td>
                      <td>{row.counterpart}</td>
                      <td>{row.description}</td>
                      <td>
                        <button
                          type="button"
                          className="button button--quiet button--small"
                          aria-expanded={open}
                          aria-controls={open ? detailsId : undefined}
                          aria-label={`Details of ${row.type}, ${formatDateTime(row.timestamp)}`}
                          onClick={() => setOpened(open ? undefined : row.id)}
                        >
                          {open ? 'Hide' : 'Details'}
                        </button>
                      </td>
                    </tr>
                    {open ? (
                      <tr className="history-details" id={detailsId} data-testid="history-details">
                        <td colSpan={6}>
                          <TransactionDetails transaction={transaction} />
                        </td>
                      </tr>
                    ) : null}
                  </Fragment>
                );
              })}
            </tbody>
          </table>
        </section>
      ) : null}
      <div role="alert">{error ? <p className="message message--error">{error}</p> : null}</div>
      <div className="history-actions" aria-live="polite">
        {loading && rows.length === 0 ? (
          <div className="skeleton skeleton--cards" role="status" aria-label="Loading history" />
        ) : loading ? (
          <p className="muted">Loading more…</p>
        ) : null}
        {cursor && !loading ? (
          <button type="button" className="button" onClick={() => void load(cursor)}>
            Load more
          </button>
        ) : null}
      </div>
    </section>
  );
}
