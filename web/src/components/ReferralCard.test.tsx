import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { forgetReferralOffer, rememberReferralOffer } from '../lib/referral-offer';
import { FakeApi, referralCodeOf } from '../test-support/fake-api';
import { renderWithCoins, signedInAs } from '../test-support/render-app';
import { ReferralCard } from './ReferralCard';

function setup(me = 'dave') {
  const api = new FakeApi({ carol: 0, dave: 0 });
  renderWithCoins(<ReferralCard />, { authenticator: signedInAs(me), fetcher: api.fetch });
  return { api, user: userEvent.setup() };
}

describe('ReferralCard', () => {
  afterEach(() => forgetReferralOffer());

  it('shows the caller’s code, the link to share and what it has earned', async () => {
    const { api } = setup('carol');
    api.referralClaims.set('dave', referralCodeOf('carol'));

    expect((await screen.findByTestId('referral-code')).textContent).toBe('CAROLREF1');
    const link = screen.getByRole('link');
    expect(link.getAttribute('href')).toBe(`${window.location.origin}/daswos-coins?ref=CAROLREF1`);
    expect(screen.getByText(/1 friend joined/).textContent).toContain('100 DasWos coins');
  });

  it('offers the code of a ?ref= link after sign-in and claims it once', async () => {
    rememberReferralOffer('?ref=carolref1');
    const { api, user } = setup('dave');

    const field = await screen.findByLabelText("A friend's referral code");
    expect((field as HTMLInputElement).value).toBe('CAROLREF1');
    await user.dblClick(screen.getByRole('button', { name: 'Use this code' }));

    expect(await screen.findByText(/Code CAROLREF1 claimed/)).toBeTruthy();
    expect(api.requestsTo('/referral/claim')).toHaveLength(1);
    expect(api.referralClaims.get('dave')).toBe('CAROLREF1');
    expect(screen.queryByLabelText("A friend's referral code")).toBeNull();
  });

  it('says why a code cannot be used, and stops offering it', async () => {
    rememberReferralOffer('?ref=nobody99');
    const { user } = setup('dave');

    await user.click(await screen.findByRole('button', { name: 'Use this code' }));

    const message = await screen.findByText(/Nobody has this referral code/);
    expect(message.closest('[role="alert"]')).toBeTruthy();
    expect(sessionStorage.getItem('daswos-coins.referral-code')).toBeNull();
  });
});
