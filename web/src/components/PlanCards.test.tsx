import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeApi } from '../test-support/fake-api';
import { renderWithCoins, signedInAs } from '../test-support/render-app';
import { App } from './App';
import { PlanCards } from './PlanCards';

const config = { apiBaseUrl: '', auth: { mode: 'local' as const } };

afterEach(() => sessionStorage.clear());

describe('prices before sign-in', () => {
  it('shows a visitor the bundles with their price per coin and best value, and the plans', async () => {
    const api = new FakeApi();
    render(<App config={config} authenticator={signedInAs(undefined)} fetcher={api.fetch} />);
    const small = await screen.findByTestId('bundle-coins-100');
    const large = screen.getByTestId('bundle-coins-1000');
    expect(within(small).getByText('$0.0099 per coin')).toBeTruthy();
    expect(within(large).getByText('$0.0085 per coin')).toBeTruthy();
    expect(within(large).getByText('Best value')).toBeTruthy();
    expect(within(small).queryByText('Best value')).toBeNull();
    const basic = await screen.findByTestId('plan-plan-basic');
    expect(within(basic).getByText('1,000 DasWos coins')).toBeTruthy();
    expect(within(basic).getByText('$7.99 a month')).toBeTruthy();
    expect(api.requestsTo('/balance')).toHaveLength(0);
  });

  it('asks a visitor who buys to sign in, then continues to Checkout for that bundle', async () => {
    const api = new FakeApi({ dave: 0 });
    const goTo = vi.fn();
    const user = userEvent.setup();
    render(
      <App config={config} authenticator={signedInAs(undefined)} fetcher={api.fetch} goTo={goTo} />,
    );
    await user.click(await screen.findByRole('button', { name: /^Buy 1,000 DasWos coins/ }));
    expect(await screen.findByText(/Sign in first: checkout continues/)).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByLabelText('User id'));
    expect(api.requestsTo('/purchase')).toHaveLength(0);

    await user.type(screen.getByLabelText('User id'), 'dave');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(goTo).toHaveBeenCalledTimes(1));
    expect(api.requestsTo('/purchase')[0]?.body).toEqual({ bundleId: 'coins-1000' });
    expect(sessionStorage.length).toBe(0);
  });

  it('asks a visitor who subscribes to sign in, then continues to Checkout for that plan', async () => {
    const api = new FakeApi({ erin: 0 });
    const goTo = vi.fn();
    const user = userEvent.setup();
    render(
      <App config={config} authenticator={signedInAs(undefined)} fetcher={api.fetch} goTo={goTo} />,
    );
    await user.click(await screen.findByRole('button', { name: /^Subscribe to Plus/ }));
    await user.type(screen.getByLabelText('User id'), 'erin');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(goTo).toHaveBeenCalledTimes(1));
    expect(goTo.mock.calls[0]?.[0]).toContain('plan=plan-plus');
    expect(api.requestsTo('/subscribe')).toHaveLength(1);
    expect(api.requestsTo('/purchase')).toHaveLength(0);
  });
});

describe('PlanCards', () => {
  it('subscribes once, with an idempotency key, and says so when already subscribed', async () => {
    const api = new FakeApi({ alice: 0 });
    const goTo = vi.fn();
    const user = userEvent.setup();
    renderWithCoins(<PlanCards goTo={goTo} />, {
      authenticator: signedInAs('alice'),
      fetcher: api.fetch,
    });
    const subscribe = await screen.findByRole('button', { name: /^Subscribe to Basic/ });
    api.hold();
    await user.dblClick(subscribe);
    api.release();
    await waitFor(() => expect(goTo).toHaveBeenCalledTimes(1));
    expect(api.requestsTo('/subscribe')).toHaveLength(1);
    expect(api.requestsTo('/subscribe')[0]?.headers['idempotency-key']).toBeTruthy();
  });

  it('explains a refusal because the user already has a subscription', async () => {
    const api = new FakeApi({ alice: 0 });
    api.subscriptions.set('alice', {
      subscriptionId: 'sub_1',
      planId: 'plan-basic',
      status: 'active',
      currentPeriodEnd: '2026-02-01T00:00:00.000Z',
      cancelAtPeriodEnd: false,
    });
    const user = userEvent.setup();
    renderWithCoins(<PlanCards goTo={vi.fn()} />, {
      authenticator: signedInAs('alice'),
      fetcher: api.fetch,
    });
    await user.click(await screen.findByRole('button', { name: /^Subscribe to Plus/ }));
    expect(await screen.findByText(/You already have a subscription/)).toBeTruthy();
  });
});

describe('RewardRules', () => {
  it('shows everyone the ways to earn coins, with their limits', async () => {
    const api = new FakeApi();
    render(<App config={config} authenticator={signedInAs(undefined)} fetcher={api.fetch} />);
    const login = await screen.findByTestId('reward-daily-login');
    expect(within(login).getByText('Daily login')).toBeTruthy();
    expect(within(login).getByText('5 DasWos coins, once a day')).toBeTruthy();
    expect(
      within(screen.getByTestId('reward-profile-completed')).getByText('50 DasWos coins, once'),
    ).toBeTruthy();
  });
});
