import { render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeApi } from '../test-support/fake-api';
import { renderWithCoins, signedInAs } from '../test-support/render-app';
import { ActiveHolds } from './ActiveHolds';
import { App } from './App';

const config = { apiBaseUrl: '', auth: { mode: 'local' as const } };

const hold = (fields: Partial<FakeApi['holds'][number]>) => ({
  holdId: 'hold_1',
  userId: 'alice',
  amount: 200,
  feature: 'premium-listing',
  status: 'held' as const,
  createdAt: '2026-01-01T12:00:00.000Z',
  expiresAt: '2026-01-01T12:15:00.000Z',
  clientId: 'shop',
  ...fields,
});

describe('ActiveHolds', () => {
  it('lists the coins a service holds, with what for and until when', async () => {
    const api = new FakeApi({ alice: 800 });
    api.holds.push(hold({ description: 'Order 18' }));
    renderWithCoins(<ActiveHolds />, { authenticator: signedInAs('alice'), fetcher: api.fetch });

    expect(await screen.findByRole('heading', { name: 'Coins on hold' })).toBeTruthy();
    expect(screen.getByText('200 DasWos coins')).toBeTruthy();
    expect(screen.getByText(/for premium-listing \(Order 18\), until/)).toBeTruthy();
    expect(api.requestsTo('/holds').map((r) => r.path)).toEqual(['/holds?status=held']);
  });

  it('shows nothing while no coins are on hold', async () => {
    const api = new FakeApi({ alice: 800 });
    api.holds.push(hold({ status: 'captured', capturedAmount: 200 }));
    renderWithCoins(<ActiveHolds />, { authenticator: signedInAs('alice'), fetcher: api.fetch });

    await waitFor(() => expect(api.requestsTo('/holds')).toHaveLength(1));
    expect(screen.queryByRole('heading', { name: 'Coins on hold' })).toBeNull();
  });
});

describe('the balance with coins on hold', () => {
  it('shows the held coins beside the balance', async () => {
    const api = new FakeApi({ alice: 800 });
    api.holds.push(hold({}));
    render(<App config={config} authenticator={signedInAs('alice')} fetcher={api.fetch} />);
    expect(await screen.findByTestId('balance-held')).toHaveProperty(
      'textContent',
      'Plus 200 DasWos coins on hold',
    );
  });

  it('says nothing about holds when there are none', async () => {
    const api = new FakeApi({ alice: 800 });
    render(<App config={config} authenticator={signedInAs('alice')} fetcher={api.fetch} />);
    await within(await screen.findByTestId('page-balance')).findByText('800 DasWos coins');
    expect(screen.queryByTestId('balance-held')).toBeNull();
  });
});
