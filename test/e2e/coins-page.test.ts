import { useCoinsPageRun } from '#test/e2e/coins-page-driver';
import {
  addUnnamedField,
  contentAndVisibleWidth,
  documentWidth,
  focusedElement,
} from '#test/e2e/page-probes';
import { axeViolations, proveState } from '#test/e2e/proofs';
import { API } from '#test/support/test-system';

/**
 * The coins page in a real browser (Debian's Chromium) against the whole local system: the built
 * page served by the gateway's fallback, the real handlers on DynamoDB Local, the Cognito and
 * Stripe stand-ins (coins-page-driver.ts). Every state the run reaches is checked with axe-core
 * and photographed at a desktop and a phone size (test/artifacts/, see proofs.ts).
 */
jest.setTimeout(180_000);

describe('the coins page in Chromium', () => {
  const run = useCoinsPageRun();
  const { newPage, signIn, headerBalance, send, panel } = run;

  it('signs in, buys a bundle through checkout, transfers, and shows no admin panel to a user', async () => {
    const page = await newPage();
    await signIn(page, 'alice');
    await headerBalance(page, '0');
    await page.getByRole('button', { name: 'Buy 1,000 DasWos coins for $8.49' }).waitFor();
    expect(await page.getByRole('heading', { name: /admin/i }).count()).toBe(0);
    expect(await page.getByLabel('Reason').count()).toBe(0);
    await proveState(page, '01-signed-in');

    // Buy: the page asks for a Checkout Session and goes to its page; paying comes back.
    await page.getByRole('button', { name: 'Buy 1,000 DasWos coins for $8.49' }).click();
    await page.waitForURL(/\/local\/stripe\/checkout/);
    await proveState(page, '02-checkout');
    await page.getByRole('button', { name: /^Pay/ }).click();
    await page.waitForURL(/\/daswos-coins\/success\?session_id=/);
    await page.getByText(/Payment confirmed/).waitFor();
    await headerBalance(page, '1,000');
    await proveState(page, '03-success');

    // Back on the page: the purchase is in the history and in the supply figures.
    await page.getByRole('link', { name: 'Back to DasWos coins' }).click();
    const purchase = page.getByTestId('history-row').filter({ hasText: 'Purchase' });
    await purchase.filter({ hasText: '+1,000' }).filter({ hasText: 'DASWOS AI' }).waitFor();
    await page.getByText('In circulation').locator('..').filter({ hasText: '1,000' }).waitFor();

    // Transfer with double clicks: confirmed first, then one transfer, one history row, bob gets
    // exactly 250.
    await send(page, 'bob', '250', 'lunch');
    await page.getByRole('button', { name: 'Send coins' }).dblclick();
    await page.getByText('Send 250 DasWos coins to bob?').waitFor();
    await page.getByText('Left after: 750 DasWos coins.').waitFor();
    await proveState(page, '04-send-confirm');
    await page.getByRole('button', { name: 'Confirm and send' }).dblclick();
    await page.getByRole('status').filter({ hasText: 'Sent 250 DasWos coins to bob.' }).waitFor();
    await headerBalance(page, '750');
    const transfer = page.getByTestId('history-row').filter({ hasText: 'Transfer out' });
    await transfer.filter({ hasText: '\u2212250' }).filter({ hasText: 'lunch' }).waitFor();
    expect(await transfer.count()).toBe(1);

    // The refusals a person can act on, in words.
    await page.getByTestId('receipt').filter({ hasText: 'lunch' }).waitFor();
    await send(page, 'bob', '10,000');
    await page.getByRole('button', { name: 'Send coins' }).click();
    await page.getByText('This is more than your available 750 DasWos coins.').waitFor();
    await page.getByRole('button', { name: 'Confirm and send' }).click();
    await page.getByRole('alert').filter({ hasText: 'do not have enough DasWos coins' }).waitFor();
    await send(page, 'nobody', '5');
    await page.getByRole('button', { name: 'Send coins' }).click();
    await page.getByRole('button', { name: 'Confirm and send' }).click();
    await page.getByRole('alert').filter({ hasText: 'There is no DasWos user "nobody"' }).waitFor();
    await proveState(page, '04-after-transfer');

    // The history filter asks the API for the type (?type=transfer): only the transfer is left.
    const filtered = page.waitForResponse((response) => response.url().includes('type=transfer'));
    await page.getByLabel('Show').selectOption({ label: 'Transfers' });
    expect((await filtered).status()).toBe(200);
    await page.getByTestId('history-row').filter({ hasText: 'Transfer out' }).waitFor();
    expect(await page.getByTestId('history-row').count()).toBe(1);
    await proveState(page, '04-history-transfers');

    const bob = await run.api.register('bob');
    expect((await run.api.request('GET', `${API}/balance`, { token: bob })).body.balance).toBe(250);
    const alice = await run.api.register('alice');
    expect((await run.api.request('GET', `${API}/balance`, { token: alice })).body.balance).toBe(
      750,
    );
  });

  it('shows where the keyboard is', async () => {
    const page = await newPage();
    await page.goto(`${run.api.url}/`);
    await page.getByLabel('User id').waitFor();
    const focused = () => focusedElement(page);
    await page.keyboard.press('Tab');
    expect(await focused()).toEqual({ text: 'Skip to content', id: '', outline: 'solid' });
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await focused()).toMatchObject({ id: 'sign-in-user', outline: 'solid' });
    await proveState(page, '00-keyboard-focus');

    // The check can fail: a field without a name, added to this page, is a violation.
    await addUnnamedField(page);
    expect((await axeViolations(page)).map((violation) => violation.id)).toContain('label');
  });

  it('comes back from a cancelled checkout with nothing changed', async () => {
    const page = await newPage();
    await signIn(page, 'carol');
    await page.getByRole('button', { name: /^Buy 100 DasWos coins/ }).click();
    await page.waitForURL(/\/local\/stripe\/checkout/);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.waitForURL(/\/daswos-coins\/cancel$/);
    await page.getByRole('heading', { name: 'Purchase cancelled' }).waitFor();
    await headerBalance(page, '0');
    await proveState(page, '05-cancelled');
  });

  it('shows the give-coins panel to an admin, and the recipient sees it in their history', async () => {
    const admin = await newPage();
    await signIn(admin, 'admin-1', true);
    const give = panel(admin, 'Admin: give coins');
    await give.getByLabel('User id').fill('bob');
    await give.getByLabel('Amount (coins)').fill('5,000');
    await give.getByLabel(/^Reason/).fill('welcome');
    await give.getByRole('button', { name: 'Give coins' }).click();
    await give.getByRole('status').filter({ hasText: 'Gave 5,000 DasWos coins to bob.' }).waitFor();
    await proveState(admin, '06-admin');

    // Bob, on a phone-sized screen: his history, no admin panel.
    const bob = await newPage({ width: 390, height: 844 });
    await signIn(bob, 'bob');
    await headerBalance(bob, '5,250');
    await bob
      .getByTestId('history-row')
      .filter({ hasText: 'Gift from DasWos' })
      .filter({ hasText: 'welcome' })
      .waitFor();
    await bob
      .getByTestId('history-row')
      .filter({ hasText: 'Transfer in' })
      .filter({ hasText: '+250' })
      .waitFor();
    expect(await bob.getByRole('heading', { name: /admin/i }).count()).toBe(0);
    // On a phone the balance's two main actions are on the first screen, without scrolling.
    for (const name of ['Buy', 'Send']) {
      const box = await bob.getByRole('button', { name, exact: true }).boundingBox();
      expect(box).not.toBeNull();
      expect((box?.y ?? Infinity) + (box?.height ?? 0)).toBeLessThanOrEqual(844);
    }
    await proveState(bob, '07-mobile');

    const audit = await run.api.audit();
    expect(audit.breaches).toEqual([]);
    expect(audit.ok).toBe(true);
  });

  it('keeps a 125-character user id and a 500-character note inside a phone screen', async () => {
    const longId = `u${'x'.repeat(124)}`;
    // 493 characters, the first 200 of them one word that cannot break at a space.
    const note = `${'n'.repeat(200)} ${'a long note '.repeat(24)}end.`;
    const admin = await run.api.register('admin-long', ['admin']);
    await run.api.register(longId);
    const funded = await run.api.request('POST', `${API}/give`, {
      token: admin,
      body: { userId: longId, amount: 10 },
    });
    expect(funded.status).toBe(201);

    const page = await newPage({ width: 390, height: 844 });
    await signIn(page, longId);
    await headerBalance(page, '10');
    await send(page, 'bob', '1', note);
    await page.getByRole('button', { name: 'Send coins' }).click();
    await page.getByRole('button', { name: 'Confirm and send' }).click();
    await page.getByRole('status').filter({ hasText: 'Sent 1 DasWos coin to bob.' }).waitFor();
    const row = page.getByTestId('history-row').filter({ hasText: 'end.' });
    await row.waitFor();

    const pageWidth = await documentWidth(page);
    expect(pageWidth).toBeLessThanOrEqual(390);
    const noteCell = row.locator('td').nth(4);
    expect(await noteCell.textContent()).toBe(note);
    const cell = await contentAndVisibleWidth(noteCell);
    expect(cell.scrollWidth).toBeLessThanOrEqual(cell.clientWidth);
    await proveState(page, '08-mobile-long-id');
  });

  it('shows a visitor the prices, and continues to subscribe after the sign-in', async () => {
    const phone = await newPage({ width: 390, height: 844 });
    await phone.goto(`${run.api.url}/`);
    await phone.getByRole('button', { name: 'Buy 10,000 DasWos coins for $69.99' }).waitFor();

    const page = await newPage();
    await page.goto(`${run.api.url}/`);
    const best = page.getByTestId('bundle-coins-10000');
    await best.getByText('Best value').waitFor();
    await best.getByText('$0.0070 per coin').waitFor();
    await page.getByTestId('plan-plan-basic').getByText('$7.99 a month').waitFor();
    expect(await page.title()).toBe('Buy DasWos coins · DasWos Coins');
    await proveState(page, '09-visitor');

    // Subscribe while signed out: sign in first, then straight on to Checkout for that plan.
    await page.getByRole('button', { name: /^Subscribe to Basic/ }).click();
    await page.getByText(/Sign in first: checkout continues/).waitFor();
    await proveState(page, '09-visitor-sign-in-first');
    await page.getByLabel('User id').fill('dora');
    await page.getByLabel('User id').press('Enter');
    await page.waitForURL(/\/local\/stripe\/checkout/);
    await page.getByText(/subscription, monthly/).waitFor();
    await page.getByRole('button', { name: /^Pay/ }).click();
    // Back at /daswos-coins?subscribed=1, a marker the page takes out of the address once read.
    await page.waitForURL(/\/daswos-coins$/);
    const subscription = page.getByTestId('subscription');
    await subscription.getByText('Basic').waitFor();
    await subscription.getByText('Active').waitFor();
    await subscription.getByText(/^Renews on /).waitFor();
    await page.getByTestId('plan-plan-basic').getByText('Your plan').waitFor();
    await headerBalance(page, '1,000');
    await page
      .getByTestId('history-row')
      .filter({ hasText: 'Subscription allowance' })
      .filter({ hasText: '+1,000' })
      .waitFor();
    await proveState(page, '10-subscribed');

    // Manage: Stripe's customer portal, and back.
    await page.getByRole('button', { name: 'Manage subscription' }).click();
    await page.waitForURL(/\/local\/stripe\/portal/);
    await page.getByRole('heading', { name: 'Your subscriptions' }).waitFor();
    await proveState(page, '10-stripe-portal');
    await page.getByRole('link', { name: 'Return' }).click();
    await page.waitForURL(/\/daswos-coins$/);
  });

  it('keeps two tabs of the same user in step', async () => {
    const first = await newPage();
    await signIn(first, 'erin');
    const admin = await run.api.register('admin-tabs', ['admin']);
    await run.api.request('POST', `${API}/give`, {
      token: admin,
      body: { userId: 'erin', amount: 300 },
    });
    // The first tab learns of the gift on its own (focus, interval or refusal).
    await first.getByRole('button', { name: 'Refresh' }).click();
    await headerBalance(first, '300');
    const second = await first.context().newPage();
    await signIn(second, 'erin');
    await headerBalance(second, '300');

    await send(first, 'bob', '120', 'from the first tab');
    await first.getByRole('button', { name: 'Send coins' }).click();
    await first.getByRole('button', { name: 'Confirm and send' }).click();
    await headerBalance(first, '180');
    // The second tab was told by the first: balance and history, without a reload.
    await headerBalance(second, '180');
    await second.getByTestId('history-row').filter({ hasText: 'from the first tab' }).waitFor();
    await proveState(second, '13-second-tab-in-step');
  });

  it('lets a second admin approve a large grant, and freeze a wallet', async () => {
    const requester = await newPage();
    await signIn(requester, 'admin-big-1', true);
    const give = panel(requester, 'Admin: give coins');
    await give.getByLabel('User id').fill('bob');
    await give.getByLabel('Amount (coins)').fill('200,000');
    await give.getByLabel(/^Reason/).fill('tournament prize');
    await give.getByRole('button', { name: 'Give coins' }).click();
    await give
      .getByRole('status')
      .filter({ hasText: "wait for another admin's approval" })
      .waitFor();

    const approver = await newPage();
    await signIn(approver, 'admin-big-2', true);
    const grants = panel(approver, 'Admin: grants to approve');
    await grants.getByTestId('grant').filter({ hasText: 'tournament prize' }).waitFor();
    await proveState(approver, '11-admin-grants');
    await grants.getByRole('button', { name: 'Approve 200,000 DasWos coins to bob' }).click();
    await grants
      .getByRole('status')
      .filter({ hasText: 'Approved: gave 200,000 DasWos coins to bob.' })
      .waitFor();

    const lookup = panel(approver, 'Admin: look up a user');
    await lookup.getByLabel('User id').fill('bob');
    await lookup.getByRole('button', { name: 'Look up' }).click();
    await lookup.getByTestId('wallet').getByText('Active').waitFor();
    await lookup.getByLabel('Reason (logged)').fill('support check');
    await lookup.getByRole('button', { name: 'Freeze wallet' }).click();
    await lookup.getByRole('status').filter({ hasText: "bob's wallet is frozen." }).waitFor();
    await proveState(approver, '11-admin-wallet-frozen');
    const support = await run.api.register('admin-big-2', ['admin']);
    const seen = await run.api.request('GET', `${API}/admin/users/bob`, { token: support });
    expect(seen.body.frozen).toBe(true);
    await lookup.getByLabel('Reason (logged)').fill('check done');
    await lookup.getByRole('button', { name: 'Unfreeze wallet' }).click();
    await lookup.getByRole('status').filter({ hasText: 'no longer frozen' }).waitFor();
  });

  it("offers a friend's referral code from the link through the sign-in, and claims it", async () => {
    const inviter = await run.api.register('gina');
    const { code } = (await run.api.request('GET', `${API}/referral`, { token: inviter })).body as {
      code: string;
    };
    const page = await newPage();
    await page.goto(`${run.api.url}/daswos-coins?ref=${code}`);
    await page.getByLabel('User id').fill('hank');
    await page.getByLabel('User id').press('Enter');
    await page.getByTestId('signed-in-user').filter({ hasText: 'hank' }).waitFor();
    const claim = page.getByLabel("A friend's referral code");
    expect(await claim.inputValue()).toBe(code);
    await page.getByRole('button', { name: 'Use this code' }).click();
    await page.getByText(`Code ${code} claimed`).waitFor();
    await proveState(page, '12-referral-claimed');
  });

  it('answers every page path with the page, and an unknown API path with the API error', async () => {
    const page = await run.api.request('GET', '/daswos-coins/success?session_id=cs_x');
    expect(page.status).toBe(200);
    expect(String(page.body)).toContain('<div id="root">');
    expect((await run.api.request('GET', '/config.json')).body).toEqual({
      apiBaseUrl: '',
      auth: { mode: 'local' },
    });
    expect((await run.api.request('GET', `${API}/nope`)).status).toBe(404);
    expect((await run.api.request('GET', '/assets/missing.js')).status).toBe(404);
    expect((await run.api.request('GET', '/%2e%2e/package.json')).status).toBe(404);
  });
});
