import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Subscription } from '../api/api-types';
import { AuthProvider } from '../auth/auth-context';
import { CoinsProvider } from '../state/coins-context';
import { FakeApi } from '../test-support/fake-api';
import { signedInAs } from '../test-support/render-app';
import { SubscriptionSection, type SubscriptionSectionProps } from './SubscriptionPanel';

const active: Subscription = {
  subscriptionId: 'sub_1',
  planId: 'plan-basic',
  status: 'active',
  currentPeriodEnd: '2026-02-01T12:00:00.000Z',
  cancelAtPeriodEnd: false,
};

function renderSection(
  api: FakeApi,
  goTo = vi.fn(),
  props: SubscriptionSectionProps = { confirmPollMs: 5, confirmPolls: 4 },
) {
  render(
    <AuthProvider authenticator={signedInAs('alice')}>
      <CoinsProvider apiBaseUrl="" fetcher={api.fetch} goTo={goTo}>
        <SubscriptionSection {...props} />
      </CoinsProvider>
    </AuthProvider>,
  );
  return goTo;
}

describe('SubscriptionSection', () => {
  it('shows the plan, status and next renewal, and marks the plan instead of offering it', async () => {
    const api = new FakeApi({ alice: 0 });
    api.subscriptions.set('alice', active);
    renderSection(api);
    const panel = await screen.findByTestId('subscription');
    await within(panel).findByText('Basic');
    expect(within(panel).getByText('Active')).toBeTruthy();
    expect(within(panel).getByText('1,000 DasWos coins for $7.99')).toBeTruthy();
    expect(within(panel).getByText(/^Renews on Feb 1, 2026/)).toBeTruthy();
    const basic = await screen.findByTestId('plan-plan-basic');
    expect(within(basic).getByText('Your plan')).toBeTruthy();
    expect(within(basic).queryByRole('button')).toBeNull();
    expect(
      (screen.getByRole('button', { name: /^Subscribe to Plus/ }) as HTMLButtonElement).disabled,
    ).toBe(true);
  });

  it('says when a subscription ends at the period end, and when a payment is due', async () => {
    const api = new FakeApi({ alice: 0 });
    api.subscriptions.set('alice', { ...active, status: 'past_due', cancelAtPeriodEnd: true });
    renderSection(api);
    const panel = await screen.findByTestId('subscription');
    expect(await within(panel).findByText('Payment due')).toBeTruthy();
    expect(within(panel).getByText(/^Ends on Feb 1, 2026/)).toBeTruthy();
    expect(within(panel).getByText(/last payment did not go through/)).toBeTruthy();
  });

  it('opens the customer portal from Manage, once', async () => {
    const api = new FakeApi({ alice: 0 });
    api.subscriptions.set('alice', active);
    const user = userEvent.setup();
    const goTo = renderSection(api);
    const manage = await screen.findByRole('button', { name: 'Manage subscription' });
    api.hold();
    await user.dblClick(manage);
    api.release();
    await waitFor(() =>
      expect(goTo).toHaveBeenCalledWith('http://localhost/local/stripe/portal/bps_1'),
    );
    expect(api.requestsTo('/subscription/portal')).toHaveLength(1);
  });

  it('shows no subscription panel to a user without one, and offers every plan', async () => {
    const api = new FakeApi({ alice: 0 });
    renderSection(api);
    await screen.findByRole('button', { name: /^Subscribe to Basic/ });
    await waitFor(() => expect(api.requestsTo('/subscription')).toHaveLength(1));
    expect(screen.queryByTestId('subscription')).toBeNull();
    expect(
      (screen.getByRole('button', { name: /^Subscribe to Plus/ }) as HTMLButtonElement).disabled,
    ).toBe(false);
  });

  it('offers the plans again after a cancelled subscription', async () => {
    const api = new FakeApi({ alice: 0 });
    api.subscriptions.set('alice', { ...active, status: 'canceled' });
    renderSection(api);
    const panel = await screen.findByTestId('subscription');
    expect(await within(panel).findByText('Cancelled')).toBeTruthy();
    expect(within(panel).getByText('No more renewals.')).toBeTruthy();
    await screen.findByRole('button', { name: /^Subscribe to Basic/ });
  });

  describe('back from a subscription Checkout (?subscribed=1)', () => {
    afterEach(() => window.history.replaceState(null, '', '/'));

    it('says the subscription is being confirmed until GET /subscription has it', async () => {
      window.history.replaceState(null, '', '/daswos-coins?subscribed=1&ref=GINA1234');
      const api = new FakeApi({ alice: 0 });
      renderSection(api, vi.fn(), { confirmPollMs: 20, confirmPolls: 50 });
      const confirming = await screen.findByTestId('subscription-confirming');
      expect(within(confirming).getByRole('status').textContent).toBe(
        'Confirming your subscription with Stripe…',
      );
      // The marker leaves the address (a reload does not claim a checkout again); the rest stays.
      expect(window.location.search).toBe('?ref=GINA1234');
      await waitFor(() => expect(api.requestsTo('/subscription').length).toBeGreaterThanOrEqual(3));
      expect(screen.getByTestId('subscription-confirming')).toBeTruthy();

      // The webhook lands: the next check finds it, and the page shows it, with its coins.
      api.subscriptions.set('alice', active);
      api.record({
        fromUserId: '0',
        toUserId: 'alice',
        amount: 1_000,
        transactionType: 'subscription',
      });
      const panel = await screen.findByTestId('subscription');
      expect(await within(panel).findByText('Active')).toBeTruthy();
      expect(screen.queryByTestId('subscription-confirming')).toBeNull();
      await waitFor(() => expect(api.requestsTo('/balance').length).toBeGreaterThanOrEqual(2));
    });

    it('stops after its bounded checks and says plainly that Stripe has not confirmed it', async () => {
      window.history.replaceState(null, '', '/daswos-coins?subscribed=1');
      const api = new FakeApi({ alice: 0 });
      // An old, cancelled subscription is not the new one.
      api.subscriptions.set('alice', { ...active, status: 'canceled' });
      renderSection(api, vi.fn(), { confirmPollMs: 5, confirmPolls: 3 });
      const panel = await screen.findByTestId('subscription-confirming');
      await within(panel).findByText(/^Stripe has not confirmed your subscription yet/);
      const asked = api.requestsTo('/subscription').length;
      await new Promise((resolve) => setTimeout(resolve, 50));
      // 3 checks and the section's own first read; then no more.
      expect(api.requestsTo('/subscription')).toHaveLength(asked);
      expect(asked).toBe(4);
      expect(screen.queryByText('Cancelled')).toBeNull();
    });

    it('shows no confirming state on an ordinary visit', async () => {
      const api = new FakeApi({ alice: 0 });
      renderSection(api);
      await screen.findByRole('button', { name: /^Subscribe to Basic/ });
      expect(screen.queryByTestId('subscription-confirming')).toBeNull();
    });
  });
});
