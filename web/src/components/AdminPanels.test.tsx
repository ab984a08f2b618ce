import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Grant, PendingBatch } from '../api/api-types';
import { FakeApi } from '../test-support/fake-api';
import { signedInAs } from '../test-support/render-app';
import { App } from './App';

const config = { apiBaseUrl: '', auth: { mode: 'local' as const } };

const grant = (overrides: Partial<Grant>): Grant => ({
  grantId: 'grant_1',
  userId: 'bob',
  amount: 50_000,
  reason: 'launch prize',
  status: 'pending_approval',
  requestedBy: 'admin-a',
  requestedAt: '2026-01-01T10:00:00.000Z',
  expiresAt: '2026-01-02T10:00:00.000Z',
  ...overrides,
});

const batch: PendingBatch = {
  batchId: 'batch_1',
  total: 300,
  grantCount: 2,
  reason: 'community week',
  status: 'pending_approval',
  requestedBy: 'admin-a',
  requestedAt: '2026-01-01T10:00:00.000Z',
  expiresAt: '2026-01-08T10:00:00.000Z',
  grants: [
    { userId: 'bob', amount: 100 },
    { userId: 'carol', amount: 200 },
  ],
};

const section = async (name: string) =>
  (await screen.findByRole('heading', { name })).closest('section') as HTMLElement;

describe('admin panels', () => {
  it('lists pending grants; another admin approves one, which gives the coins', async () => {
    const api = new FakeApi({ 'admin-b': 0, bob: 0 });
    api.grants.push(grant({}));
    const user = userEvent.setup();
    render(
      <App config={config} authenticator={signedInAs('admin-b', ['admin'])} fetcher={api.fetch} />,
    );
    const panel = await section('Admin: grants to approve');
    const item = await within(panel).findByTestId('grant');
    expect(within(item).getByText('50,000 DasWos coins to bob')).toBeTruthy();
    expect(within(item).getByText('Reason: launch prize')).toBeTruthy();
    await user.click(
      within(item).getByRole('button', { name: 'Approve 50,000 DasWos coins to bob' }),
    );
    expect(
      await within(panel).findByText('Approved: gave 50,000 DasWos coins to bob.'),
    ).toBeTruthy();
    expect(api.balances.get('bob')).toBe(50_000);
    expect(await within(panel).findByText('No grant is waiting.')).toBeTruthy();
  });

  it("explains the refusal of an admin's own grant, and rejects one", async () => {
    const api = new FakeApi({ 'admin-a': 0, bob: 0 });
    api.grants.push(grant({}));
    const user = userEvent.setup();
    render(
      <App config={config} authenticator={signedInAs('admin-a', ['admin'])} fetcher={api.fetch} />,
    );
    const panel = await section('Admin: grants to approve');
    await user.click(await within(panel).findByRole('button', { name: /^Approve/ }));
    expect(
      await within(panel).findByText('A grant you requested needs another admin to approve it.'),
    ).toBeTruthy();
    await user.click(within(panel).getByRole('button', { name: /^Reject/ }));
    expect(
      await within(panel).findByText('Rejected the grant of 50,000 DasWos coins to bob.'),
    ).toBeTruthy();
    expect(api.balances.get('bob')).toBe(0);
  });

  it('looks a user up and freezes the wallet with a reason, then unfreezes it', async () => {
    const api = new FakeApi({ root: 0, carol: 70 });
    const user = userEvent.setup();
    render(
      <App config={config} authenticator={signedInAs('root', ['admin'])} fetcher={api.fetch} />,
    );
    const panel = await section('Admin: look up a user');
    await user.type(within(panel).getByLabelText('User id'), 'carol');
    await user.click(within(panel).getByRole('button', { name: 'Look up' }));
    const wallet = await within(panel).findByTestId('wallet');
    expect(within(wallet).getByText('70 DasWos coins')).toBeTruthy();
    expect(within(wallet).getByText('Active')).toBeTruthy();

    await user.click(within(wallet).getByRole('button', { name: 'Freeze wallet' }));
    expect(await within(panel).findByText(/Say why/)).toBeTruthy();
    expect(api.frozen.has('carol')).toBe(false);
    await user.type(within(wallet).getByLabelText('Reason (logged)'), 'chargeback pattern');
    await user.click(within(wallet).getByRole('button', { name: 'Freeze wallet' }));
    expect(await within(panel).findByText("carol's wallet is frozen.")).toBeTruthy();
    expect(api.frozen.has('carol')).toBe(true);
    expect(api.requestsTo('/admin/users/carol/freeze')[0]?.body).toEqual({
      reason: 'chargeback pattern',
    });
    await user.type(within(wallet).getByLabelText('Reason (logged)'), 'resolved');
    await user.click(within(wallet).getByRole('button', { name: 'Unfreeze wallet' }));
    await waitFor(() => expect(api.frozen.has('carol')).toBe(false));
  });

  it('says when the user does not exist', async () => {
    const api = new FakeApi({ root: 0 });
    const user = userEvent.setup();
    render(
      <App config={config} authenticator={signedInAs('root', ['admin'])} fetcher={api.fetch} />,
    );
    const panel = await section('Admin: look up a user');
    await user.type(within(panel).getByLabelText('User id'), 'ghost');
    await user.click(within(panel).getByRole('button', { name: 'Look up' }));
    expect(await within(panel).findByText('There is no DasWos user with that id.')).toBeTruthy();
  });

  it('lists a batch waiting for approval with its grants; another admin approves it', async () => {
    const api = new FakeApi({ 'admin-b': 0, bob: 0, carol: 0 });
    api.batches.push({ ...batch, grants: [...batch.grants] });
    const user = userEvent.setup();
    render(
      <App config={config} authenticator={signedInAs('admin-b', ['admin'])} fetcher={api.fetch} />,
    );
    const panel = await section('Admin: batch giveaways to approve');
    const item = await within(panel).findByTestId('batch');
    expect(within(item).getByText('300 DasWos coins to 2 users')).toBeTruthy();
    expect(within(item).getByText('Reason: community week')).toBeTruthy();
    expect(within(item).getByText('carol: 200 DasWos coins')).toBeTruthy();

    await user.click(
      within(item).getByRole('button', {
        name: 'Approve the batch of 300 DasWos coins to 2 users',
      }),
    );

    expect(
      await within(panel).findByText('Approved: gave 300 DasWos coins to 2 users.'),
    ).toBeTruthy();
    expect([api.balances.get('bob'), api.balances.get('carol')]).toEqual([100, 200]);
    expect(await within(panel).findByText('No batch is waiting.')).toBeTruthy();
    expect(
      api.requests.some((r) => r.method === 'POST' && r.path === '/grants/batch_1/approve'),
    ).toBe(true);
  });

  it('refuses to let an admin approve their own batch, and rejects it', async () => {
    const api = new FakeApi({ 'admin-a': 0, bob: 0, carol: 0 });
    api.batches.push({ ...batch, grants: [...batch.grants] });
    const user = userEvent.setup();
    render(
      <App config={config} authenticator={signedInAs('admin-a', ['admin'])} fetcher={api.fetch} />,
    );
    const panel = await section('Admin: batch giveaways to approve');
    await user.click(await within(panel).findByRole('button', { name: /^Approve the batch/ }));
    expect(
      await within(panel).findByText('A grant you requested needs another admin to approve it.'),
    ).toBeTruthy();

    await user.click(within(panel).getByRole('button', { name: /^Reject the batch/ }));

    expect(
      await within(panel).findByText('Rejected the batch of 300 DasWos coins to 2 users.'),
    ).toBeTruthy();
    expect([api.balances.get('bob'), api.balances.get('carol')]).toEqual([0, 0]);
  });
});
