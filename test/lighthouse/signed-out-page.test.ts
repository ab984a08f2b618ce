import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { staticSite } from '#infra/local/static-site';
import { artifactPath, type BuiltPage, buildWebPage } from '#test/e2e/browser';
import { startTestSystem, type TestSystem } from '#test/support/test-system';

/**
 * Lighthouse on the page a visitor sees first (signed out: the bundles, the plans, the supply),
 * built for production and served as `npm start` serves it (the gateway's static site, text
 * compressed), in Debian's Chromium, offline. `npm run test:lighthouse`, alone: outside `npm test`
 * because it takes about half a minute, and because its performance score is a simulation fed
 * by the CPU time it measures, which jest's other test files running beside it would take.
 */
jest.setTimeout(180_000);

const RUNNER = resolve('test/lighthouse/run-lighthouse.mts');

interface LighthouseFigures {
  readonly scores: Record<'performance' | 'accessibility' | 'best-practices', number>;
  readonly metrics: Record<string, number | null>;
  readonly failing: unknown[];
}

describe('the signed-out coins page in Lighthouse', () => {
  let built: BuiltPage;
  let api: TestSystem;

  beforeAll(async () => {
    built = buildWebPage();
    api = await startTestSystem({ fallback: staticSite(built.dir) });
  });

  afterAll(async () => {
    await api?.stop();
    built?.remove();
  });

  it('scores at least 95 in performance, accessibility and best practices', async () => {
    // Asynchronous: the gateway answering Lighthouse runs in this process.
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', RUNNER, `${api.url}/`, artifactPath('lighthouse-signed-out.html')],
      { env: { ...process.env, CHROME_PATH: '/usr/bin/chromium' }, maxBuffer: 1 << 24 },
    );
    const figures = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as LighthouseFigures;
    console.info(`Lighthouse, signed-out page: ${JSON.stringify(figures)}`);

    expect(figures.scores.performance).toBeGreaterThanOrEqual(95);
    expect(figures.scores.accessibility).toBeGreaterThanOrEqual(95);
    expect(figures.scores['best-practices']).toBeGreaterThanOrEqual(95);
  });
});
