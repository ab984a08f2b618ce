import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import lighthouse from 'lighthouse';
import { chromium } from 'playwright-core';

/**
 * Runs Lighthouse (its Node API, default settings: a mid-range phone on a throttled network,
 * simulated) on one URL in Debian's Chromium, and prints the category scores and the main
 * metrics as one JSON line. A separate process because Lighthouse is an ES module only, which
 * jest's CommonJS run cannot load: `node --import tsx test/lighthouse/run-lighthouse.mts <url>`.
 */
const CATEGORIES = ['performance', 'accessibility', 'best-practices'] as const;
const METRICS = {
  fcpMs: 'first-contentful-paint',
  lcpMs: 'largest-contentful-paint',
  tbtMs: 'total-blocking-time',
  cls: 'cumulative-layout-shift',
  speedIndexMs: 'speed-index',
} as const;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

const [url, reportPath] = process.argv.slice(2);
if (!url) throw new Error('usage: run-lighthouse.mts <url> [report.html]');
const port = await freePort();
const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  headless: true,
  // The same flags as the end-to-end run (test/e2e/browser.ts), plus the DevTools port
  // Lighthouse drives the browser through.
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    `--remote-debugging-port=${port}`,
  ],
});
try {
  const result = await lighthouse(url, {
    port,
    output: 'html',
    logLevel: 'error',
    onlyCategories: [...CATEGORIES],
  });
  if (!result) throw new Error('Lighthouse returned no result');
  const { lhr, report } = result;
  if (reportPath) writeFileSync(reportPath, Array.isArray(report) ? report.join('') : report);
  const scores = Object.fromEntries(
    CATEGORIES.map((id) => [id, Math.round((lhr.categories[id]?.score ?? 0) * 100)]),
  );
  const metrics = Object.fromEntries(
    Object.entries(METRICS).map(([name, audit]) => [name, lhr.audits[audit]?.numericValue ?? null]),
  );
  const failing = Object.values(lhr.audits)
    .filter(
      (audit) =>
        audit.score !== null && audit.score < 0.9 && audit.scoreDisplayMode !== 'informative',
    )
    .map((audit) => ({ id: audit.id, score: audit.score, value: audit.displayValue ?? null }));
  process.stdout.write(
    `${JSON.stringify({ scores, metrics, failing, runWarnings: lhr.runWarnings })}\n`,
  );
} finally {
  await browser.close();
}
