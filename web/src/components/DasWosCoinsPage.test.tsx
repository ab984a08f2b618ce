import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { BUNDLES, FakeApi } from '../test-support/fake-api';
import { renderWithCoins, signedInAs } from '../test-support/render-app';
import { App } from './App';
import { BundleCards } from './BundleCards';
import { HistoryTable } from './HistoryTable';

const config = { apiBaseUrl: '', auth: { mode: 'local' as const } };

describe('DasWosCoinsPage', () => {
  it('shows balance, bundles, transfer, history and supply, and no admin panel to a user', async () => {
    const api = new FakeApi({ alice: 1234 });
    render(<App config={config} authenticator={signedInAs('alice')} fetcher={api.fetch} />);
    expect(
      await within(await screen.findByTestId('page-balance')).findByText('1,234 DasWos coins'),
    ).toBeTruthy();
    expect(
      await screen.findByRole('button', { name: 'Buy 1,000 DasWos coins for $8.49' }),
    ).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Send coins' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'History' })).toBeTruthy();
    expect(await screen.findAllByText('1,000,000,000 DasWos coins')).toHaveLength(2);
    expect(screen.queryByRole('heading', { name: /admin/i })).toBeNull();
  });

  it('shows the give-coins panel to an admin, and giving updates the supply', async () => {
    const api = new FakeApi({ root: 0, bob: 0 });
    const user = userEvent.setup();
    // The fake API's /give: a giveaway from DASWOS AI.
    const fetcher: typeof fetch = async (input, init) => {
      if (String(input).endsWith('/give')) {
        const body = JSON.parse(String(init?.body)) as { userId: string; amount: number };
        const transaction = api.record({
          fromUserId: '0',
          toUserId: body.userId,
          amount: body.amount,
          transactionType: 'giveaway',
        });
        return new Response(JSON.stringify({ transaction }), { status: 201 });
      }
      return api.fetch(input, init);
    };
    render(<App config={config} authenticator={signedInAs('root', ['admin'])} fetcher={fetcher} />);
    const panel = (await screen.findByRole('heading', { name: 'Admin: give coins' })).closest(
      'section',
    ) as HTMLElement;
    await user.type(within(panel).getByLabelText('User id'), 'bob');
    await user.type(within(panel).getByLabelText('Amount (coins)'), '5,000');
    await user.click(within(panel).getByRole('button', { name: 'Give coins' }));
    expect(await within(panel).findByText('Gave 5,000 DasWos coins to bob.')).toBeTruthy();
    expect(await screen.findByText('999,995,000 DasWos coins')).toBeTruthy();
  });

  it('signs in locally with a user id', async () => {
    const api = new FakeApi({ dave: 0 });
    const user = userEvent.setup();
    render(<App config={config} authenticator={signedInAs(undefined)} fetcher={api.fetch} />);
    await user.type(await screen.findByLabelText('User id'), 'dave');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByTestId('signed-in-user')).toHaveProperty('textContent', 'dave');
  });
});

describe('BundleCards', () => {
  it('opens Checkout for the bundle chosen, once', async () => {
    const api = new FakeApi({ alice: 0 });
    const goTo = vi.fn();
    const user = userEvent.setup();
    renderWithCoins(<BundleCards goTo={goTo} />, {
      authenticator: signedInAs('alice'),
      fetcher: api.fetch,
    });
    const buy = await screen.findByRole('button', { name: /Buy 100 DasWos coins for \$0\.99/ });
    expect(screen.getAllByRole('listitem')).toHaveLength(BUNDLES.length);
    api.hold();
    await user.dblClick(buy);
    api.release();
    await waitFor(() => expect(goTo).toHaveBeenCalledTimes(1));
    expect(goTo.mock.calls[0]?.[0]).toContain('/local/stripe/checkout?session_id=cs_test_1');
    expect(api.requestsTo('/purchase')).toHaveLength(1);
    expect(api.requestsTo('/purchase')[0]?.body).toEqual({ bundleId: 'coins-100' });
  });
});

describe('HistoryTable', () => {
  it('signs amounts by direction, names the other side and loads more through the cursor', async () => {
    const api = new FakeApi({ alice: 0, bob: 0 });
    api.record({
      fromUserId: '0',
      toUserId: 'alice',
      amount: 1000,
      transactionType: 'purchase',
      description: 'Bought the coins-1000 bundle',
    });
    for (let i = 1; i <= 11; i++)
      api.record({ fromUserId: 'alice', toUserId: 'bob', amount: i, transactionType: 'transfer' });
    const user = userEvent.setup();
    renderWithCoins(<HistoryTable userId="alice" />, {
      authenticator: signedInAs('alice'),
      fetcher: api.fetch,
    });
    await waitFor(() => expect(screen.getAllByTestId('history-row')).toHaveLength(10));
    const newest = screen.getAllByTestId('history-row')[0] as HTMLElement;
    expect(within(newest).getByText('Transfer out')).toBeTruthy();
    expect(within(newest).getByText('\u221211')).toBeTruthy();
    expect(within(newest).getByText('bob')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(screen.getAllByTestId('history-row')).toHaveLength(12));
    const oldest = screen.getAllByTestId('history-row')[11] as HTMLElement;
    expect(within(oldest).getByText('+1,000')).toBeTruthy();
    expect(within(oldest).getByText('DASWOS AI')).toBeTruthy();
    // The ledger's note names an internal bundle id; the page says what was bought.
    expect(within(oldest).getByText('Bought 1,000 coins')).toBeTruthy();
    expect(within(oldest).queryByText(/coins-1000/)).toBeNull();
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
    expect(api.requestsTo('/transactions').at(-1)?.path).toContain('cursor=10');
  });
});

describe('HistoryTable filter', () => {
  it('asks the API for the chosen types, and says when there are none', async () => {
    const api = new FakeApi({ alice: 0, bob: 0 });
    api.record({ fromUserId: '0', toUserId: 'alice', amount: 100, transactionType: 'purchase' });
    api.record({ fromUserId: 'alice', toUserId: 'bob', amount: 5, transactionType: 'transfer' });
    api.record({
      fromUserId: 'alice',
      toUserId: '0',
      amount: 7,
      transactionType: 'spend',
      feature: 'boost',
    });
    const user = userEvent.setup();
    renderWithCoins(<HistoryTable userId="alice" />, {
      authenticator: signedInAs('alice'),
      fetcher: api.fetch,
    });
    await waitFor(() => expect(screen.getAllByTestId('history-row')).toHaveLength(3));
    await user.selectOptions(screen.getByLabelText('Show'), 'Spending');
    await waitFor(() => expect(screen.getAllByTestId('history-row')).toHaveLength(1));
    expect(screen.getByText('Spent on boost')).toBeTruthy();
    expect(api.requestsTo('/transactions').at(-1)?.path).toContain('type=spend');
    await user.selectOptions(screen.getByLabelText('Show'), 'Purchases and subscriptions');
    await waitFor(() => expect(screen.getAllByTestId('history-row')).toHaveLength(1));
    expect(api.requestsTo('/transactions').at(-1)?.path).toContain(
      `type=${encodeURIComponent('purchase,subscription')}`,
    );
    await user.selectOptions(screen.getByLabelText('Show'), 'Refunds and disputes');
    expect(await screen.findByText('No transactions of this type.')).toBeTruthy();
    expect(screen.queryAllByTestId('history-row')).toHaveLength(0);
    await user.selectOptions(screen.getByLabelText('Show'), 'All types');
    await waitFor(() => expect(screen.getAllByTestId('history-row')).toHaveLength(3));
    expect(api.requestsTo('/transactions').at(-1)?.path).not.toContain('type=');
  });

  it('keeps Load more for a filtered page the API left short, with a cursor', async () => {
    const api = new FakeApi({ alice: 0 });
    for (let i = 0; i < 12; i++)
      api.record({ fromUserId: '0', toUserId: 'alice', amount: 1, transactionType: 'giveaway' });
    const user = userEvent.setup();
    // The API answers the first filtered page empty, with a cursor: it read its bound first.
    const fetchShortFirst: typeof fetch = async (input, init) => {
      const url = new URL(String(input), 'http://localhost');
      if (
        url.pathname.endsWith('/transactions') &&
        url.searchParams.has('type') &&
        !url.searchParams.has('cursor')
      )
        return new Response(JSON.stringify({ transactions: [], nextCursor: '0' }), {
          status: 200,
          headers: { 'content-type': 'application/json' },
        });
      return api.fetch(input, init);
    };
    renderWithCoins(<HistoryTable userId="alice" />, {
      authenticator: signedInAs('alice'),
      fetcher: fetchShortFirst,
    });
    await waitFor(() => expect(screen.getAllByTestId('history-row')).toHaveLength(10));
    await user.selectOptions(screen.getByLabelText('Show'), 'Rewards, referrals and gifts');
    expect(
      await screen.findByText(
        'No transactions of this type in the latest ones; Load more looks further back.',
      ),
    ).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(screen.getAllByTestId('history-row')).toHaveLength(10));
  });
});

describe('the balance and its actions', () => {
  it('takes Send into the send form and Buy to the bundles, keyboard focus included', async () => {
    const api = new FakeApi({ alice: 10 });
    const user = userEvent.setup();
    render(<App config={config} authenticator={signedInAs('alice')} fetcher={api.fetch} />);
    const balance = (await screen.findByRole('heading', { name: 'Your balance' })).closest(
      'section',
    ) as HTMLElement;
    await user.click(within(balance).getByRole('button', { name: 'Send' }));
    expect(document.activeElement).toBe(screen.getByLabelText('Recipient user id'));
    await user.click(within(balance).getByRole('button', { name: 'Buy' }));
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Buy DasWos coins' }));
  });
});

describe('HistoryTable details', () => {
  it('opens a receipt of one transaction: id, time, both sides and its reference', async () => {
    const api = new FakeApi({ alice: 0 });
    api.record({
      fromUserId: '0',
      toUserId: 'alice',
      amount: 500,
      transactionType: 'purchase',
      referenceId: 'cs_test_42',
    });
    const user = userEvent.setup();
    renderWithCoins(<HistoryTable userId="alice" />, {
      authenticator: signedInAs('alice'),
      fetcher: api.fetch,
    });
    const details = await screen.findByRole('button', { name: /^Details of Purchase/ });
    expect(details.getAttribute('aria-expanded')).toBe('false');
    await user.click(details);
    const receipt = screen.getByTestId('history-details');
    expect(details.getAttribute('aria-expanded')).toBe('true');
    expect(within(receipt).getByText('tx-1')).toBeTruthy();
    expect(within(receipt).getByText('cs_test_42')).toBeTruthy();
    expect(within(receipt).getByText('DASWOS AI')).toBeTruthy();
    expect(within(receipt).getByText('alice')).toBeTruthy();
    expect(within(receipt).getByText(/2026-01-01T12:01:00.000Z/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: /^Details of Purchase/ }));
    expect(screen.queryByTestId('history-details')).toBeNull();
  });
});
