import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BundleFigures, buildAll, FUNCTION_NAMES, REPO_ROOT } from './bundles';

/**
 * `--compare <ref>`: the functions as they were at another commit, built with today's settings
 * and cold-started in the same rounds as today's, so a change's before and after are measured on
 * the same machine at the same moment. The commit's sources come out of git's object store
 * (`git archive`): the working tree and the index, which others may be using, are not touched.
 */
export interface Comparison {
  readonly label: string;
  readonly names: readonly string[];
  readonly bundles: Record<string, BundleFigures>;
}

const SOURCES = ['functions', 'shared', 'infra', 'package.json', 'tsconfig.json'];

export async function buildAtCommit(ref: string): Promise<Comparison> {
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
  const sha = git('rev-parse', '--short', `${ref}^{commit}`);
  // Outside node_modules, so that the build's metafile names packages by their node_modules path.
  const root = mkdtempSync(join(tmpdir(), `daswos-bench-${sha}-`));
  const present = SOURCES.filter((path) => git('ls-tree', '--name-only', sha, path) !== '');
  execFileSync('sh', ['-c', `git archive ${sha} ${present.join(' ')} | tar -x -C "${root}"`], {
    cwd: REPO_ROOT,
  });
  // The same dependencies as today's build: only the code differs.
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'));
  const names = FUNCTION_NAMES.filter((name) => existsSync(join(root, 'functions', `${name}.ts`)));
  const label = `@${sha}`;
  try {
    const bundles = await buildAll(names, { root, suffix: label });
    return { label, names: names.map((name) => `${name}${label}`), bundles };
  } finally {
    // The bundles are built; the sources go (rm removes the node_modules link, not its target).
    rmSync(root, { recursive: true, force: true });
  }
}
