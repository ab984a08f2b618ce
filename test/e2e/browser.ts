import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Browser, chromium } from 'playwright-core';

/** Debian's Chromium: the only browser these tests use; nothing is ever downloaded. */
export const CHROMIUM_PATH = '/usr/bin/chromium';
export const ARTIFACTS_DIR = resolve('test/artifacts');

/**
 * Flags this machine needs: as root Chromium needs --no-sandbox, and without the
 * background-networking flags it keeps trying to reach Google on a closed network. Playwright
 * gives every launch a fresh, empty profile of its own.
 */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Throws (the test fails, it does not skip) when Debian's chromium is not installed. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `${CHROMIUM_PATH} is missing: install Debian's chromium (apt-get install -y chromium); .ci/run does`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

export interface BuiltPage {
  readonly dir: string;
  readonly milliseconds: number;
  /** Bytes of the JavaScript and CSS the page loads. */
  readonly assetBytes: number;
  remove(): void;
}

/** Builds web/ with Vite into a folder of its own, so a running `npm start` is never disturbed. */
export function buildWebPage(): BuiltPage {
  const dir = mkdtempSync(join(tmpdir(), 'daswos-web-'));
  const started = Date.now();
  execFileSync(
    process.execPath,
    [
      resolve('node_modules/vite/bin/vite.js'),
      'build',
      '--config',
      'web/vite.config.ts',
      '--outDir',
      dir,
      '--emptyOutDir',
      '--logLevel',
      'warn',
    ],
    // jest sets NODE_ENV=test, which would make Vite bundle React's development build.
    { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, NODE_ENV: 'production' } },
  );
  const milliseconds = Date.now() - started;
  const assets = join(dir, 'assets');
  const assetBytes = readdirSync(assets)
    .filter((name) => !name.endsWith('.map'))
    .reduce((sum, name) => sum + statSync(join(assets, name)).size, 0);
  return {
    dir,
    milliseconds,
    assetBytes,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export function artifactPath(name: string): string {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  return join(ARTIFACTS_DIR, name);
}
