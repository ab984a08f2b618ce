import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { startTestSystem, type TestSystem } from '#test/support/test-system';

const run = promisify(execFile);

/** The README's services walk-through, exactly as a reader would paste it (its own system: it
 * starts from a fresh alice, as a reader who skipped "Try it with curl" would). */
function servicesExample(): string {
  const readme = readFileSync(resolve(__dirname, '../../README.md'), 'utf8');
  const section = readme.split('## Spending coins: DasWos services')[1] ?? '';
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error('README.md has no "Spending coins" sh block');
  return block;
}

describe('README services curl example', () => {
  let api: TestSystem;

  beforeAll(async () => {
    api = await startTestSystem();
  });

  afterAll(async () => {
    await api.stop();
  });

  it('spends, holds and captures verbatim, and the feed shows the hold’s events in commit order', async () => {
    const script = servicesExample().replaceAll('localhost:5000', new URL(api.url).host);

    const { stdout } = await run('bash', ['-euo', 'pipefail', '-c', script], { timeout: 30_000 });

    expect(stdout).toContain('{"userId":"alice","balance":750,"held":200}');
    expect(stdout).toContain('"status":"captured","capturedAmount":150');
    expect(stdout).toContain('{"userId":"alice","balance":800,"held":0}');
    expect(stdout).toContain(
      'TransactionPosted TransactionPosted HoldCreated TransactionPosted HoldCaptured\n',
    );
    expect(stdout.match(/"error"/g)).toEqual(['"error"']);
    expect(stdout).toContain('"code":"FORBIDDEN"');
  });
});
