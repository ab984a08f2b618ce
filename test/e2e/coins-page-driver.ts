import type { Browser, BrowserContext, Page } from 'playwright-core';

/**
 * The steps a person takes on the coins page, written once for the Chromium run: open a fresh
 * browser (context) at a screen size, sign in by keyboard, wait for a balance, fill the send form.
 */
export interface CoinsPageDriver {
  newPage(viewport?: { width: number; height: number }): Promise<Page>;
  signIn(page: Page, userId: string, admin?: boolean): Promise<void>;
  headerBalance(page: Page, amount: string): Promise<void>;
  send(page: Page, to: string, amount: string, note?: string): Promise<void>;
  closeAll(): Promise<void>;
}

export function coinsPageDriver(browser: () => Browser, baseUrl: () => string): CoinsPageDriver {
  const contexts: BrowserContext[] = [];
  return {
    async newPage(viewport = { width: 1280, height: 900 }) {
      const context = await browser().newContext({ viewport });
      contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      // A broken page often says why only in its console.
      page.on('pageerror', (error) => console.error('page error:', error));
      return page;
    },

    async signIn(page, userId, admin = false) {
      await page.goto(`${baseUrl()}/`);
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

    async closeAll() {
      for (const context of contexts) await context.close();
    },
  };
}
