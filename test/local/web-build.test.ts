import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { decideWebBuild, ensureWebBuild, webInputsHash } from '#infra/local/web-build';

describe('decideWebBuild', () => {
  const same = { inputsHash: 'a1', builtFromHash: 'a1', buildExists: true };

  it('reuses the build when its inputs hash the same', () => {
    expect(decideWebBuild(same)).toMatchObject({ build: false });
  });

  it.each([
    ['there is no build', { ...same, buildExists: false }, /no build yet/],
    ['the build has no stamp', { ...same, builtFromHash: undefined }, /no record/],
    ['the inputs changed', { ...same, inputsHash: 'b2' }, /changed/],
  ])('builds when %s', (_name, state, reason) => {
    const decision = decideWebBuild(state);

    expect(decision.build).toBe(true);
    expect(decision.reason).toMatch(reason);
  });
});

describe('ensureWebBuild', () => {
  let root: string;
  let builds: number;
  const write = (file: string, text: string) => {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
  };
  /** Stands in for Vite: writes a page into web/dist. */
  const fakeVite = async (at: string) => {
    builds += 1;
    mkdirSync(join(at, 'web', 'dist'), { recursive: true });
    writeFileSync(join(at, 'web', 'dist', 'index.html'), `<p>build ${builds}</p>`);
  };
  const start = () => ensureWebBuild({ root, build: fakeVite });

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'daswos-web-build-'));
    builds = 0;
    write('web/src/main.tsx', 'export const page = 1;');
    write('web/vite.config.ts', 'export default {};');
    write('shared/api/schemas.ts', 'export const schema = 1;');
    write('package.json', '{}');
    write('package-lock.json', '{}');
  });

  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('builds on the first start and reuses the build on the next', async () => {
    const first = await start();
    const second = await start();

    expect(first.built).toBe(true);
    expect(second).toMatchObject({ built: false, reason: expect.stringMatching(/unchanged/) });
    expect(builds).toBe(1);
  });

  it.each([
    ['a page source', 'web/src/main.tsx'],
    ['the Vite config', 'web/vite.config.ts'],
    ['a shared module the page imports', 'shared/api/schemas.ts'],
    ['the lock file', 'package-lock.json'],
  ])('builds again after a change to %s', async (_name, file) => {
    await start();

    write(file, '// changed');
    const next = await start();

    expect(next.built).toBe(true);
    expect(builds).toBe(2);
  });

  it('builds again when the build was deleted', async () => {
    await start();

    rmSync(join(root, 'web', 'dist'), { recursive: true });
    const next = await start();

    expect(next).toMatchObject({ built: true, reason: 'no build yet' });
  });

  it('builds again, sources unchanged, after a build that failed (Vite may have emptied web/dist)', async () => {
    await start();
    const failing = ensureWebBuild({
      root,
      force: true,
      build: async () => {
        throw new Error('syntax error');
      },
    });
    await expect(failing).rejects.toThrow('syntax error');

    const next = await start();

    expect(next).toMatchObject({ built: true, reason: expect.stringMatching(/no record/) });
  });

  it('leaves the build and its stamp out of the hash', () => {
    const before = webInputsHash(root);

    write('web/dist/index.html', '<p>new build</p>');
    write('web/.dist-inputs.sha256', 'stamp');

    expect(webInputsHash(root)).toBe(before);
  });
});
