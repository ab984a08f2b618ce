import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { startTestSystem, type TestSystem } from '#test/support/test-system';

const run = promisify(execFile);

/** The README's "Try it with curl" block, exactly as a reader would paste it. */
function curlExamples(heading = '## Try it with curl'): string {
  const readme = readFileSync(resolve(__dirname, '../../README.md'), 'utf8');
  const section = readme.split(heading)[1] ?? '';
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error(`README.md has no "${heading}" sh block`);
  return block;
}

describe('README curl examples', () => {
  let api: TestSystem;

  beforeAll(async () => {
    api = await startTestSystem();
  });

  afterAll(async () => {
    await api.stop();
  });

  it('send JSON with its Content-Type wherever they send a body to the API', () => {
    const commands = curlExamples().replaceAll('\\\n', ' ').split('\n');
    // The stand-in's Checkout page takes a form, as the browser's Pay button sends it.
    const apiCalls = commands.filter(
      (line) => / -d /.test(line) && !line.includes('/local/stripe/'),
    );

    expect(apiCalls.length).toBeGreaterThan(3);
    for (const command of apiCalls) {
      expect(command).toContain("-H 'Content-Type: application/json'");
    }
  });

  it('work verbatim against a running system (only the port differs)', async () => {
    const script = curlExamples().replaceAll('localhost:5000', new URL(api.url).host);

    const { stdout } = await run('bash', ['-euo', 'pipefail', '-c', script], { timeout: 30_000 });

    expect(stdout).toContain('"toUserId":"bob","amount":250');
    expect(stdout).toContain('{"userId":"alice","balance":750,"held":0}');
    expect(stdout).toContain('{"userId":"carol","balance":2000,"held":0}');
    expect(stdout).toContain('"detail-type":"TransactionPosted"');
    expect(stdout).not.toContain('"error"');
  });

  it('earn coins verbatim: a referral through a first purchase, then a reward and its replay', async () => {
    const script = curlExamples('## Earning coins').replaceAll(
      'localhost:5000',
      new URL(api.url).host,
    );

    const { stdout } = await run('bash', ['-euo', 'pipefail', '-c', script], { timeout: 30_000 });

    expect(stdout).toContain('{"status":"claimed"}');
    expect(stdout).toContain('{"userId":"dave","balance":150,"held":0}');
    expect(stdout).toMatch(/"referredCount":1,"earnedCoins":100/);
    expect(stdout).toContain('idempotent-replayed: true');
    expect(stdout).toContain('{"userId":"dave","balance":160,"held":0}');
    expect(stdout).not.toContain('"error"');
  });
});
