import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';
import { functionBundling } from '#infra/bundling';
import { routes } from '#infra/routes';
import { ratio } from './stats';

export const REPO_ROOT = resolve(__dirname, '..');
/**
 * Bundles go under node_modules so that the as-deployed ones, which `require("@aws-sdk/...")`,
 * find the SDK the way a Lambda finds the runtime's copy; nothing there is committed.
 */
export const OUT_DIR = join(REPO_ROOT, 'node_modules', '.cache', 'daswos-bench');

export const BASELINE = 'baseline';

/**
 * Every function the stack deploys: one per route, the authorizers and the sign-up trigger
 * (infra/stack/auth.ts, service-auth.ts), the scheduled audit (infra/stack/scheduled-audit.ts),
 * the hold sweeper (infra/stack/hold-sweeper.ts) and the event publisher
 * (infra/stack/transaction-events.ts).
 */
export const FUNCTION_NAMES: readonly string[] = [
  ...routes.map((route) => route.handler),
  'authorize-user',
  'authorize-admin',
  'authorize-service',
  'create-wallet-on-sign-up',
  'audit-ledger',
  'sweep-expired-holds',
  'publish-transaction-events',
];

/** The functions that carry the Stripe SDK (the others are judged against the size goal). */
export const STRIPE_FUNCTIONS: ReadonlySet<string> = new Set(
  routes.filter((route) => 'stripe' in route && route.stripe).map((route) => route.handler),
);

export type Variant = 'deployed' | 'sdkBundled';

export interface BundleSize {
  readonly bytes: number;
  readonly gzipBytes: number;
}

export interface BundleFigures {
  readonly path: string;
  readonly sizes: Record<Variant, BundleSize>;
  /** Minified bytes that come from the `stripe` package (SDK-bundled build). */
  readonly stripeBytes: number;
}

/** Where the sources come from: this working tree, or another commit's (bench/compare.ts). */
export interface Source {
  readonly root: string;
  /** Appended to each function's name in the results: `transfer-coins@a1b2c3d`. */
  readonly suffix: string;
}

export const WORKING_TREE: Source = { root: REPO_ROOT, suffix: '' };

export function entryOf(name: string, source: Source = WORKING_TREE): string {
  return name === BASELINE
    ? join(source.root, 'bench', 'baseline-handler.ts')
    : join(source.root, 'functions', `${name}.ts`);
}

/** `transfer-coins@a1b2c3d` is `transfer-coins` built from another commit. */
export const baseName = (name: string) => name.split('@')[0] as string;

export function bundlePath(name: string, variant: Variant): string {
  return join(OUT_DIR, variant, name, 'index.js');
}

/** esbuild exactly as NodejsFunction runs it; `sdkBundled` only drops the externals. */
async function bundleOne(name: string, variant: Variant, source: Source): Promise<Metafile> {
  const outfile = bundlePath(`${name}${source.suffix}`, variant);
  mkdirSync(join(outfile, '..'), { recursive: true });
  const result = await build({
    absWorkingDir: source.root,
    entryPoints: [entryOf(name, source)],
    outfile,
    bundle: true,
    platform: 'node',
    target: functionBundling.target,
    format: functionBundling.format,
    minify: functionBundling.minify,
    sourcemap: functionBundling.sourceMap,
    external: variant === 'deployed' ? [...functionBundling.externalModules] : [],
    mainFields: [...functionBundling.mainFields],
    metafile: true,
    logLevel: 'error',
  });
  return result.metafile;
}

function sizeOf(path: string): BundleSize {
  const code = readFileSync(path);
  return { bytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length };
}

/** Output bytes by npm package (or `app` for this repository's own code). */
export function bytesByPackage(metafile: Metafile): Map<string, number> {
  const totals = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
      const key = match?.[1] ?? 'app';
      totals.set(key, (totals.get(key) ?? 0) + bytesInOutput);
    }
  }
  return totals;
}

export interface BundleReport {
  readonly functions: Record<string, BundleFigures>;
  readonly baseline: BundleFigures;
}

/** Builds `names` from `source`, both ways; results are keyed by name + the source's suffix. */
export async function buildAll(
  names: readonly string[],
  source: Source,
): Promise<Record<string, BundleFigures>> {
  const built = new Map<string, BundleFigures>();
  await Promise.all(
    names.map(async (name) => {
      const [, bundled] = await Promise.all([
        bundleOne(name, 'deployed', source),
        bundleOne(name, 'sdkBundled', source),
      ]);
      const key = `${name}${source.suffix}`;
      built.set(key, {
        path: bundlePath(key, 'deployed'),
        sizes: {
          deployed: sizeOf(bundlePath(key, 'deployed')),
          sdkBundled: sizeOf(bundlePath(key, 'sdkBundled')),
        },
        stripeBytes: bytesByPackage(bundled).get('stripe') ?? 0,
      });
    }),
  );
  // In the order asked for, whatever order the builds finished in: the table stays stable.
  return Object.fromEntries(
    names.flatMap((name) => {
      const key = `${name}${source.suffix}`;
      const figures = built.get(key);
      return figures ? [[key, figures]] : [];
    }),
  );
}

export async function measureBundles(): Promise<BundleReport> {
  const { [BASELINE]: baseline, ...functions } = await buildAll(
    [BASELINE, ...FUNCTION_NAMES],
    WORKING_TREE,
  );
  if (!baseline) throw new Error('the baseline did not build');
  return { functions, baseline };
}

export function sizeRatio(figures: BundleFigures, baseline: BundleFigures, variant: Variant) {
  return {
    ratio: ratio(figures.sizes[variant].bytes, baseline.sizes[variant].bytes),
    gzipRatio: ratio(figures.sizes[variant].gzipBytes, baseline.sizes[variant].gzipBytes),
  };
}
