import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

/**
 * The web page's build, redone only when what it is built from changed. A stamp beside the
 * build (web/.dist-inputs.sha256, not inside it: web/dist is what gets deployed) records a
 * content hash of its inputs; a start whose inputs hash the same reuses the build (Vite takes
 * seconds, the hash milliseconds).
 *
 * Inputs: everything under web/ but the build itself, shared/ (the page imports the API's zod
 * schemas from it; any change there rebuilds, more often than strictly needed, never less), and
 * package.json + package-lock.json (the versions of Vite, React and the rest).
 */
export const WEB_BUILD_INPUTS = ['web', 'shared', 'package.json', 'package-lock.json'] as const;
const OUTPUT_DIR = join('web', 'dist');
/** Removed before a build and written after a successful one only. */
const STAMP_FILE = join('web', '.dist-inputs.sha256');

export type WebBuildDecision =
  | { readonly build: false; readonly reason: string }
  | { readonly build: true; readonly reason: string };

/** Whether a start must build the page, and why: the whole decision, free of I/O. */
export function decideWebBuild(state: {
  readonly inputsHash: string;
  readonly builtFromHash: string | undefined;
  readonly buildExists: boolean;
}): WebBuildDecision {
  if (!state.buildExists) return { build: true, reason: 'no build yet' };
  if (state.builtFromHash === undefined) {
    return { build: true, reason: 'the build has no record of what it was built from' };
  }
  if (state.builtFromHash !== state.inputsHash) {
    return { build: true, reason: 'the page sources changed since the last build' };
  }
  return { build: false, reason: 'the page sources are unchanged since the last build' };
}

/** The input's files relative to `root`: itself when a file, its tree when a folder. */
function filesOf(root: string, input: string): string[] {
  const absolute = join(root, input);
  const info = statSync(absolute, { throwIfNoEntry: false });
  if (!info) return [];
  if (info.isFile()) return [input];
  return readdirSync(absolute, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)))
    .filter((file) => file !== STAMP_FILE && !file.startsWith(`${OUTPUT_DIR}${sep}`));
}

/** sha256 over every input file's path and bytes, in a fixed order. */
export function webInputsHash(root: string): string {
  const files = WEB_BUILD_INPUTS.flatMap((input) => filesOf(root, input))
    .map((file) => file.split(sep).join('/'))
    .sort();
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(join(root, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

function readStamp(root: string): string | undefined {
  try {
    return readFileSync(join(root, STAMP_FILE), 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

function runViteBuild(root: string): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(
      process.execPath,
      [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'web/vite.config.ts'],
      // Vite bundles React's development build unless NODE_ENV says production.
      {
        cwd: root,
        stdio: ['ignore', 'inherit', 'inherit'],
        env: { ...process.env, NODE_ENV: 'production' },
      },
    );
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolvePromise() : reject(new Error(`vite build exited with code ${code}`)),
    );
  });
}

export interface WebBuildResult extends Omit<WebBuildDecision, 'build'> {
  readonly built: boolean;
  readonly milliseconds: number;
}

/**
 * Builds web/dist when its inputs changed (or always, with `force`), then stamps it with their
 * hash. `log` hears what is happening.
 */
export async function ensureWebBuild(
  options: {
    root?: string;
    force?: boolean;
    log?: (line: string) => void;
    /** Vite by default; tests stand in for it. */
    build?: (root: string) => Promise<void>;
  } = {},
): Promise<WebBuildResult> {
  const root = resolve(options.root ?? '.');
  const log = options.log ?? (() => {});
  const started = performance.now();
  const outputDir = join(root, OUTPUT_DIR);
  const inputsHash = webInputsHash(root);
  const decision = options.force
    ? { build: true, reason: 'a fresh build was asked for' }
    : decideWebBuild({
        inputsHash,
        builtFromHash: readStamp(root),
        buildExists: existsSync(join(outputDir, 'index.html')),
      });
  if (decision.build) {
    log(`web page: building with Vite (${decision.reason})…`);
    rmSync(join(root, STAMP_FILE), { force: true });
    await (options.build ?? runViteBuild)(root);
    writeFileSync(join(root, STAMP_FILE), `${inputsHash}\n`);
  } else {
    log(`web page: reusing web/dist (${decision.reason})`);
  }
  return {
    built: decision.build,
    reason: decision.reason,
    milliseconds: Math.round(performance.now() - started),
  };
}
