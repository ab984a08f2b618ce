import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { artifactPath } from '#test/e2e/browser';

/**
 * What every state of the Chromium run proves: axe-core finds no WCAG 2 A/AA violation in it, and
 * it is photographed at a desktop and a phone size (test/artifacts/<state>-<width>x<height>.png),
 * on the same page the run already reached, so no state is reached twice.
 */
export const SCREEN_SIZES = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
] as const;

/** The rule sets axe runs: WCAG 2.0, 2.1 and 2.2, levels A and AA. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

// axe-core's own browser bundle, read once from the installed package.
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  /** The CSS selectors of the offending elements. */
  readonly targets: string[];
}

/** The states proven so far, with their violation counts: the run prints them at its end. */
export const provenStates: { state: string; violations: number; milliseconds: number }[] = [];

/** axe's WCAG A/AA violations on the page as it is now, in a shape a failing test can print. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol: the page's own Content-Security-Policy, if any,
  // does not apply to it, so the page needs no test-only allowance.
  const injected = await page.evaluate(() => 'axe' in globalThis);
  if (!injected) await page.evaluate(AXE_SOURCE);
  const { rulesPassed, violations } = await page.evaluate(async (tags) => {
    type AxeResult = {
      passes: unknown[];
      violations: {
        id: string;
        impact?: string | null;
        help: string;
        nodes: { target: unknown[] }[];
      }[];
    };
    type AxeGlobal = {
      axe: {
        run(context: unknown, options: unknown): Promise<AxeResult>;
      };
      document: unknown;
    };
    const { axe, document } = globalThis as unknown as AxeGlobal;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return {
      rulesPassed: result.passes.length,
      violations: result.violations.map((violation) => ({
        id: violation.id,
        impact: violation.impact ?? null,
        help: violation.help,
        targets: violation.nodes.map((node) => node.target.map(String).join(' ')),
      })),
    };
  }, WCAG_TAGS);
  // A run that checked nothing (axe missing, an empty document) would also show no violations.
  if (rulesPassed === 0) throw new Error('axe-core ran no rule that passed: the check did not run');
  return violations;
}

/**
 * Proves one state: 0 axe violations, then one full-page screenshot at each screen size, the
 * page's own size first. axe runs once, at the size the test gave the page: the run has desktop
 * and phone-sized pages (the narrow layout, history rows as cards, is checked in the phone ones),
 * and a second axe run per state would cost about as much as both screenshots. The page's own
 * viewport is restored afterwards, so the run goes on exactly as before.
 */
export async function proveState(page: Page, state: string): Promise<void> {
  const started = Date.now();
  const violations = await axeViolations(page);
  const own = page.viewportSize();
  const isOwn = (size: { width: number; height: number }) =>
    own?.width === size.width && own.height === size.height;
  const sizes = [...SCREEN_SIZES].sort((a, b) => Number(isOwn(b)) - Number(isOwn(a)));
  for (const size of sizes) {
    if (!isOwn(size)) await page.setViewportSize(size);
    const path = artifactPath(`${state}-${size.width}x${size.height}.png`);
    await page.screenshot({ path, fullPage: true });
  }
  if (own) await page.setViewportSize(own);
  provenStates.push({ state, violations: violations.length, milliseconds: Date.now() - started });
  expect({ state, violations }).toEqual({ state, violations: [] });
}
