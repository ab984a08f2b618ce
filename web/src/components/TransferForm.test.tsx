import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { FakeApi } from '../test-support/fake-api';
import { renderWithCoins, signedInAs } from '../test-support/render-app';
import { DasWosCoinsBalance } from './DasWosCoinsBalance';
import { TransferForm } from './TransferForm';

function setup(balances: Record<string, number> = { alice: 1000, bob: 0 }) {
  const api = new FakeApi(balances);
  renderWithCoins(
    <>
      <DasWosCoinsBalance />
      <TransferForm />
    </>,
    { authenticator: signedInAs('alice'), fetcher: api.fetch },
  );
  return { api, user: userEvent.setup() };
}

async function fill(
  user: ReturnType<typeof userEvent.setup>,
  values: { to: string; amount: string; note?: string },
) {
  await user.clear(screen.getByLabelText('Recipient user id'));
  await user.type(screen.getByLabelText('Recipient user id'), values.to);
  await user.clear(screen.getByLabelText('Amount (coins)'));
  await user.type(screen.getByLabelText('Amount (coins)'), values.amount);
  if (values.note) await user.type(screen.getByLabelText(/note/i), values.note);
}

/** Send coins, then Confirm and send: the two steps of a transfer. */
async function sendAndConfirm(user: ReturnType<typeof userEvent.setup>) {
  await user.click(screen.getByRole('button', { name: 'Send coins' }));
  await user.click(await screen.findByRole('button', { name: 'Confirm and send' }));
}

describe('TransferForm', () => {
  it('sends once, announces it and shows the new balance in the header', async () => {
    const { api, user } = setup();
    await screen.findByText('1,000 DasWos coins');
    await fill(user, { to: 'bob', amount: '250', note: 'lunch' });
    await sendAndConfirm(user);
    expect(await screen.findByRole('status')).toHaveProperty(
      'textContent',
      'Sent 250 DasWos coins to bob.',
    );
    expect(screen.getByTestId('header-balance').textContent).toContain('750');
    const [sent] = api.requestsTo('/transfer');
    expect(sent?.body).toEqual({ toUserId: 'bob', amount: 250, description: 'lunch' });
    expect(sent?.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends a note of 300 emoji whole: the limit counts characters as the API does', async () => {
    const { api, user } = setup();
    const note = '🪙'.repeat(300);
    await fill(user, { to: 'bob', amount: '1' });
    await user.click(screen.getByLabelText(/note/i));
    await user.paste(note);
    await sendAndConfirm(user);
    await screen.findByText('Sent 1 DasWos coin to bob.');
    expect(api.requestsTo('/transfer')[0]?.body).toMatchObject({ description: note });
  });

  it('refuses a note over 500 characters before sending anything', async () => {
    const { api, user } = setup();
    await fill(user, { to: 'bob', amount: '1' });
    await user.click(screen.getByLabelText(/note/i));
    await user.paste('🪙'.repeat(501));
    await user.click(screen.getByRole('button', { name: 'Send coins' }));
    expect(
      await screen.findByText('A note has at most 500 characters; this one has 501.'),
    ).toBeTruthy();
    expect(api.requestsTo('/transfer')).toHaveLength(0);
  });

  it('never sends twice on a double click', async () => {
    const { api, user } = setup();
    await fill(user, { to: 'bob', amount: '100' });
    const button = screen.getByRole('button', { name: 'Send coins' });
    await user.dblClick(button);
    api.hold();
    const confirm = await screen.findByRole('button', { name: 'Confirm and send' });
    await user.dblClick(confirm);
    await user.click(confirm);
    api.release();
    await screen.findByText('Sent 100 DasWos coins to bob.');
    expect(api.requestsTo('/transfer')).toHaveLength(1);
    expect(api.balances.get('bob')).toBe(100);
  });

  it('uses a new key for each new submission', async () => {
    const { api, user } = setup();
    await fill(user, { to: 'bob', amount: '10' });
    await sendAndConfirm(user);
    await screen.findByText('Sent 10 DasWos coins to bob.');
    await fill(user, { to: 'bob', amount: '10' });
    await sendAndConfirm(user);
    await waitFor(() => expect(api.requestsTo('/transfer')).toHaveLength(2));
    const keys = api.requestsTo('/transfer').map((r) => r.headers['idempotency-key']);
    expect(new Set(keys).size).toBe(2);
  });

  it('explains insufficient funds', async () => {
    const { user } = setup({ alice: 5, bob: 0 });
    await fill(user, { to: 'bob', amount: '6' });
    await sendAndConfirm(user);
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toBe(
        'You do not have enough DasWos coins for this. Lower the amount or buy a bundle first.',
      ),
    );
  });

  it('explains an unknown recipient', async () => {
    const { user } = setup();
    await fill(user, { to: 'nobody', amount: '5' });
    await sendAndConfirm(user);
    expect(
      await screen.findByText('There is no DasWos user "nobody". Check the recipient\'s user id.'),
    ).toBeTruthy();
  });

  it('checks the fields before sending anything', async () => {
    const { api, user } = setup();
    await fill(user, { to: 'alice', amount: '2.5' });
    await user.click(screen.getByRole('button', { name: 'Send coins' }));
    expect(await screen.findByText('You cannot send coins to yourself.')).toBeTruthy();
    expect(screen.getByText(/whole number of coins/)).toBeTruthy();
    expect(screen.getByLabelText('Amount (coins)').getAttribute('aria-invalid')).toBe('true');
    expect(api.requestsTo('/transfer')).toHaveLength(0);
  });

  it('moves nothing until the recipient and amount are confirmed, and changes need a new confirmation', async () => {
    const { api, user } = setup();
    await screen.findByText('1,000 DasWos coins');
    await fill(user, { to: 'bob', amount: '250', note: 'lunch' });
    await user.click(screen.getByRole('button', { name: 'Send coins' }));
    const confirm = await screen.findByTestId('transfer-confirm');
    expect(within(confirm).getByText('Send 250 DasWos coins to bob?')).toBeTruthy();
    expect(within(confirm).getByText('Note: lunch')).toBeTruthy();
    expect(within(confirm).getByText('Left after: 750 DasWos coins.')).toBeTruthy();
    expect(document.activeElement).toBe(confirm);
    expect(api.requestsTo('/transfer')).toHaveLength(0);

    await user.type(screen.getByLabelText('Amount (coins)'), '0');
    expect(screen.queryByTestId('transfer-confirm')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Send coins' }));
    await user.click(await screen.findByRole('button', { name: 'Change' }));
    expect(screen.queryByTestId('transfer-confirm')).toBeNull();
    expect(api.requestsTo('/transfer')).toHaveLength(0);
  });

  it('shows the available balance, fills it in with Max, and warns before sending more', async () => {
    const { user } = setup({ alice: 1234, bob: 0 });
    expect(await screen.findByText('Available: 1,234 DasWos coins')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Max: send all 1,234 DasWos coins' }));
    expect(screen.getByLabelText('Amount (coins)')).toHaveProperty('value', '1,234');
    await user.type(screen.getByLabelText('Recipient user id'), 'bob');
    await user.type(screen.getByLabelText('Amount (coins)'), '5');
    await user.click(screen.getByRole('button', { name: 'Send coins' }));
    expect(
      await screen.findByText('This is more than your available 1,234 DasWos coins.'),
    ).toBeTruthy();
  });

  it('leaves a receipt: recipient, amount, note, time, transaction id and the new balance', async () => {
    const { user } = setup();
    await fill(user, { to: 'bob', amount: '250', note: 'lunch' });
    await sendAndConfirm(user);
    const receipt = await screen.findByTestId('receipt');
    expect(within(receipt).getByText('bob')).toBeTruthy();
    expect(within(receipt).getByText('250 DasWos coins')).toBeTruthy();
    expect(within(receipt).getByText('lunch')).toBeTruthy();
    expect(within(receipt).getByText('tx-1')).toBeTruthy();
    expect(within(receipt).getByText('750 DasWos coins')).toBeTruthy();
    expect(within(receipt).getByText('Jan 1, 2026, 12:01 PM')).toBeTruthy();
  });
});
