import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeApi } from '../test-support/fake-api';
import { signedInAs } from '../test-support/render-app';
import { App } from './App';

const config = { apiBaseUrl: '', auth: { mode: 'local' as const } };

afterEach(() => sessionStorage.clear());

describe('signing in and out', () => {
  it('moves the keyboard to the balance after a sign-in', async () => {
    const api = new FakeApi({ dave: 0 });
    const user = userEvent.setup();
    render(<App config={config} authenticator={signedInAs(undefined)} fetcher={api.fetch} />);
    await user.type(await screen.findByLabelText('User id'), 'dave');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() =>
      expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Your balance' })),
    );
  });

  it('gives back what was typed into the send form after the session ended', async () => {
    const api = new FakeApi({ alice: 500, bob: 0 });
    let sessionOver = false;
    const fetcher: typeof fetch = async (input, init) =>
      sessionOver && String(input).endsWith('/transfer')
        ? new Response(JSON.stringify({ error: { code: 'UNAUTHORIZED', message: 'expired' } }), {
            status: 401,
          })
        : api.fetch(input, init);
    const user = userEvent.setup();
    render(<App config={config} authenticator={signedInAs('alice')} fetcher={fetcher} />);
    await user.type(await screen.findByLabelText('Recipient user id'), 'bob');
    await user.type(screen.getByLabelText('Amount (coins)'), '120');
    await user.type(screen.getByLabelText(/^Note/), 'for the tickets');
    sessionOver = true;
    await user.click(screen.getByRole('button', { name: 'Send coins' }));
    await user.click(await screen.findByRole('button', { name: 'Confirm and send' }));
    expect(await screen.findByText('Your session has ended. Please sign in again.')).toBeTruthy();

    sessionOver = false;
    await user.type(screen.getByLabelText('User id'), 'alice');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByDisplayValue('bob')).toBeTruthy();
    expect(screen.getByLabelText('Amount (coins)')).toHaveProperty('value', '120');
    expect(screen.getByLabelText(/^Note/)).toHaveProperty('value', 'for the tickets');
    expect(api.requestsTo('/transfer')).toHaveLength(0);
  });

  it('never gives one user what another typed, and forgets a draft once it is sent', async () => {
    const api = new FakeApi({ alice: 500, bob: 0, carol: 0 });
    const user = userEvent.setup();
    const first = render(
      <App config={config} authenticator={signedInAs('alice')} fetcher={api.fetch} />,
    );
    await user.type(await screen.findByLabelText('Recipient user id'), 'bob');
    first.unmount();

    const second = render(
      <App config={config} authenticator={signedInAs('carol')} fetcher={api.fetch} />,
    );
    expect(await screen.findByLabelText('Recipient user id')).toHaveProperty('value', '');
    second.unmount();

    render(<App config={config} authenticator={signedInAs('alice')} fetcher={api.fetch} />);
    expect(await screen.findByLabelText('Recipient user id')).toHaveProperty('value', 'bob');
    await user.type(screen.getByLabelText('Amount (coins)'), '5');
    await user.click(screen.getByRole('button', { name: 'Send coins' }));
    await user.click(await screen.findByRole('button', { name: 'Confirm and send' }));
    await screen.findByText('Sent 5 DasWos coins to bob.');
    expect(sessionStorage.length).toBe(0);
  });
});

describe('page titles', () => {
  it('names each page in the title', async () => {
    const api = new FakeApi({ dave: 0 });
    const user = userEvent.setup();
    window.history.replaceState(null, '', '/daswos-coins');
    render(<App config={config} authenticator={signedInAs(undefined)} fetcher={api.fetch} />);
    await screen.findByLabelText('User id');
    expect(document.title).toBe('Buy DasWos coins · DasWos Coins');
    await user.type(screen.getByLabelText('User id'), 'dave');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(document.title).toBe('Your coins · DasWos Coins'));
  });
});
