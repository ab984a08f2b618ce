import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { staticSite } from '#infra/local/static-site';
import { type BuiltPage, buildWebPage, launchChromium } from '#test/e2e/browser';
import { provenStates } from '#test/e2e/proofs';
import { startTestSystem, type TestSystem } from '#test/support/test-system';

/**
 * The steps a person takes on the coins page, written once for the Chromium run: open a fresh
 * browser (context) at a screen size, sign in by keyboard, wait for a balance, fill the send form,
 * find a panel by its heading.
 */
export interface CoinsPageDriver {
  /** The local system the page talks to (set once the run has started). */
  readonly api: TestSystem;
  newPage(viewport?: { width: number; height: number }): Promise<Page>;
  signIn(page: Page, userId: string, admin?: boolean): Promise<void>;
  headerBalance(page: Page, amount: string): Promise<void>;
  send(page: Page, to: string, amount: string, note?: string): Promise<void>;
  panel(page: Page, heading: string): Locator;
}

/**
 * Registers the run's beforeAll/afterAll: Debian's Chromium, the page built for production and
 * served by the gateway's fallback, the real handlers on DynamoDB Local, the Cognito and Stripe
 * stand-ins. At the end it prints what the proofs (proofs.ts) found and how long they took.
 */
export function useCoinsPageRun(): CoinsPageDriver {
  let built: BuiltPage | undefined;
  let system: TestSystem | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    // Fails here, loudly, when /usr/bin/chromium is missing: the test never skips.
    browser = await launchChromium();
    built = buildWebPage();
    console.info(
      `web page built in ${built.milliseconds} ms, ${built.assetBytes} bytes of JS and CSS`,
    );
    system = await startTestSystem({ fallback: staticSite(built.dir) });
    // Checkout sends the buyer back to CLIENT_URL: here, this gateway on its random port. The
    // Stripe settings are read at the first purchase, after this line.
    process.env.CLIENT_URL = system.url;
    await system.register('bob');
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    const proofMilliseconds = provenStates.reduce((sum, proof) => sum + proof.milliseconds, 0);
    console.info(
      `axe (WCAG 2 A/AA) and screenshots at 1280x800 and 390x844 of ${provenStates.length} ` +
        `states in ${proofMilliseconds} ms; violations: ` +
        provenStates.map(({ state, violations }) => `${state} ${violations}`).join(', '),
    );
    await browser?.close();
    await system?.stop();
    built?.remove();
  });

  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the Chromium run has not started');
    return value;
  };

  return {
    get api() {
      return started(system);
    },

    // A desktop page is as large as its desktop screenshot: one resize fewer per state.
    async newPage(viewport = { width: 1280, height: 800 }) {
      const context = await started(browser).newContext({ viewport });
      contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      // A broken page often says why only in its console.
      page.on('pageerror', (error) => console.error('page error:', error));
      return page;
    },

    async signIn(page, userId, admin = false) {
      await page.goto(`${started(system).url}/`);
      // By keyboard: the label names the field, Enter submits the form.
      await page.getByLabel('User id').fill(userId);
      if (admin) await page.getByLabel('Sign in as an admin').check();
      await page.getByLabel('User id').press('Enter');
      await page.getByTestId('signed-in-user').filter({ hasText: userId }).waitFor();
    },

    headerBalance: (page, amount) =>
      page
        .getByTestId('header-balance')
        .filter({ hasText: `${amount} DasWos coins` })
        .waitFor(),

    async send(page, to, amount, note = '') {
      await page.getByLabel('Recipient user id').fill(to);
      await page.getByLabel('Amount (coins)').fill(amount);
      await page.getByLabel(/^Note/).fill(note);
    },

    panel: (page, heading) =>
      page.locator('section', { has: page.getByRole('heading', { name: heading }) }),
  };
}
