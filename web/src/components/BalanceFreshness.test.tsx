import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { AuthProvider } from '../auth/auth-context';
import { CoinsProvider } from '../state/coins-context';
import { FakeApi } from '../test-support/fake-api';
import { signedInAs } from '../test-support/render-app';
import { App } from './App';
import { DasWosCoinsBalance } from './DasWosCoinsBalance';

const config = { apiBaseUrl: '', auth: { mode: 'local' as const } };

const pageBalance = async (text: string) =>
  within(await screen.findByTestId('page-balance')).findByText(text);

function setOnline(online: boolean) {
  Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => online });
  window.dispatchEvent(new Event(online ? 'online' : 'offline'));
}

afterEach(() => setOnline(true));

describe('a balance that is never stale', () => {
  it('refreshes the balance and the history when the window gains focus', async () => {
    const api = new FakeApi({ alice: 100, bob: 1000 });
    render(<App config={config} authenticator={signedInAs('alice')} fetcher={api.fetch} />);
    await pageBalance('100 DasWos coins');
    // Coins sent to alice from another browser: nothing on this page knows yet.
    api.record({ fromUserId: 'bob', toUserId: 'alice', amount: 500, transactionType: 'transfer' });
    fireEvent.focus(window);
    await pageBalance('600 DasWos coins');
    const row = await screen.findByText('Transfer in');
    expect(within(row.closest('tr') as HTMLElement).getByText('+500')).toBeTruthy();
  });

  it('refreshes the balance on an interval', async () => {
    const api = new FakeApi({ alice: 100, bob: 1000 });
    render(
      <AuthProvider authenticator={signedInAs('alice')}>
        <CoinsProvider apiBaseUrl="" fetcher={api.fetch} refreshIntervalMs={25}>
          <DasWosCoinsBalance />
        </CoinsProvider>
      </AuthProvider>,
    );
    await screen.findByText('100 DasWos coins');
    api.record({ fromUserId: 'bob', toUserId: 'alice', amount: 1, transactionType: 'transfer' });
    expect(await screen.findByText('101 DasWos coins')).toBeTruthy();
  });

  it('shows the current balance beside a refusal', async () => {
    const api = new FakeApi({ alice: 300, bob: 1000 });
    const user = userEvent.setup();
    render(<App config={config} authenticator={signedInAs('alice')} fetcher={api.fetch} />);
    await pageBalance('300 DasWos coins');
    // Spent elsewhere: the page still says 300.
    api.record({ fromUserId: 'alice', toUserId: 'bob', amount: 250, transactionType: 'transfer' });
    await user.type(screen.getByLabelText('Recipient user id'), 'bob');
    await user.type(screen.getByLabelText('Amount (coins)'), '200');
    await user.click(screen.getByRole('button', { name: 'Send coins' }));
    await user.click(await screen.findByRole('button', { name: 'Confirm and send' }));
    expect(await screen.findByText(/do not have enough DasWos coins/)).toBeTruthy();
    await pageBalance('50 DasWos coins');
  });

  it('says when the figures could not be refreshed, and when the page is offline', async () => {
    const api = new FakeApi({ alice: 100 });
    let failing = false;
    const fetcher: typeof fetch = async (input, init) => {
      if (failing) throw new TypeError('Failed to fetch');
      return api.fetch(input, init);
    };
    render(<App config={config} authenticator={signedInAs('alice')} fetcher={fetcher} />);
    await pageBalance('100 DasWos coins');
    expect(screen.getByTestId('balance-freshness').textContent).toBe('');

    failing = true;
    fireEvent.focus(window);
    await waitFor(() =>
      expect(screen.getByTestId('balance-freshness').textContent).toMatch(
        /^Could not refresh your balance\. Showing the balance from \d+:\d\d [AP]M\./,
      ),
    );
    expect(within(screen.getByTestId('header-balance')).getByText('not current')).toBeTruthy();
    await pageBalance('100 DasWos coins');

    setOnline(false);
    await waitFor(() =>
      expect(screen.getByTestId('balance-freshness').textContent).toMatch(/^You are offline\./),
    );
    expect(within(screen.getByTestId('header-balance')).getByText('offline')).toBeTruthy();

    failing = false;
    setOnline(true);
    await waitFor(() => expect(screen.getByTestId('balance-freshness').textContent).toBe(''));
  });
});
