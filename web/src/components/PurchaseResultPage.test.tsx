import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { FakeApi } from '../test-support/fake-api';
import { renderWithCoins, signedInAs } from '../test-support/render-app';
import { PurchaseSuccess } from './PurchaseResultPage';

const FAST = { intervalMs: 5, attempts: 3 };

function renderResult(api: FakeApi, sessionId: string, poll = FAST) {
  renderWithCoins(<PurchaseSuccess sessionId={sessionId} poll={poll} />, {
    authenticator: signedInAs('alice'),
    fetcher: api.fetch,
  });
}

function pending(api: FakeApi, sessionId: string, buyer = 'alice') {
  api.purchases.set(sessionId, {
    buyer,
    status: { sessionId, status: 'pending', bundleId: 'coins-1000', coins: 1000 },
  });
}

describe('PurchaseSuccess', () => {
  it('shows the credited coins and the new balance once the purchase is credited', async () => {
    const api = new FakeApi({ alice: 250 });
    pending(api, 'cs_paid');
    renderResult(api, 'cs_paid', { intervalMs: 20, attempts: 50 });
    expect(await screen.findByText('Checking your purchase…')).toBeTruthy();
    await waitFor(() => expect(api.requestsTo('/purchases/cs_paid').length).toBeGreaterThan(1));

    api.settlePurchase('cs_paid', 'alice', {
      status: 'credited',
      bundleId: 'coins-1000',
      coins: 1000,
    });

    expect(await screen.findByText(/Payment confirmed/)).toBeTruthy();
    expect(screen.getByText('1,000 DasWos coins')).toBeTruthy();
    expect(await screen.findByText('1,250 DasWos coins')).toBeTruthy();
  });

  it('says honestly that the payment is not confirmed yet after polling a while', async () => {
    const api = new FakeApi({ alice: 0 });
    pending(api, 'cs_late');
    renderResult(api, 'cs_late');

    expect(await screen.findByRole('heading', { name: 'Waiting for your payment' })).toBeTruthy();
    expect(screen.getByText(/not received the payment confirmation/)).toBeTruthy();
    expect(api.requestsTo('/purchases/cs_late')).toHaveLength(3);

    api.settlePurchase('cs_late', 'alice', {
      status: 'credited',
      bundleId: 'coins-1000',
      coins: 1000,
    });
    await userEvent.click(screen.getByRole('button', { name: 'Check again' }));
    expect(await screen.findByText(/Payment confirmed/)).toBeTruthy();
  });

  it('says the payment was refunded, and why, in plain words', async () => {
    const api = new FakeApi({ alice: 0 });
    api.settlePurchase('cs_sold_out', 'alice', {
      status: 'refunded',
      bundleId: 'coins-1000',
      coins: 1000,
      refundReason: 'sold-out',
    });
    renderResult(api, 'cs_sold_out');

    expect(await screen.findByRole('heading', { name: 'Your payment was refunded' })).toBeTruthy();
    expect(screen.getByText(/sold out between your checkout and your payment/)).toBeTruthy();
    expect(screen.getByText(/refunded your payment in full/)).toBeTruthy();
    expect(screen.queryByText(/Payment confirmed/)).toBeNull();
  });

  it('says a made-up session is not a purchase of yours, without waiting', async () => {
    const api = new FakeApi({ alice: 0 });
    renderResult(api, 'cs_made_up', { intervalMs: 1000, attempts: 15 });

    expect(await screen.findByRole('heading', { name: 'Purchase not found' })).toBeTruthy();
    expect(screen.getByText(/not a purchase of yours/)).toBeTruthy();
    expect(api.requestsTo('/purchases/')).toHaveLength(1);
  });

  it('treats another user’s purchase as not found', async () => {
    const api = new FakeApi({ alice: 0, bob: 0 });
    pending(api, 'cs_bobs', 'bob');
    renderResult(api, 'cs_bobs');

    expect(await screen.findByRole('heading', { name: 'Purchase not found' })).toBeTruthy();
  });

  it('says there is no purchase to show when the link names none', async () => {
    const api = new FakeApi({ alice: 0 });
    renderResult(api, '');

    expect(await screen.findByRole('heading', { name: 'No purchase to show' })).toBeTruthy();
    expect(api.requestsTo('/purchases/')).toHaveLength(0);
  });

  it('says it could not check when the API cannot be reached', async () => {
    const api = new FakeApi({ alice: 0 });
    const offline: typeof fetch = async (input, init) =>
      String(input).includes('/purchases/')
        ? Promise.reject(new TypeError('offline'))
        : api.fetch(input, init);
    renderWithCoins(<PurchaseSuccess sessionId="cs_any" poll={FAST} />, {
      authenticator: signedInAs('alice'),
      fetcher: offline,
    });

    expect(await screen.findByText(/could not check your purchase/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Check again' })).toBeTruthy();
  });
});
