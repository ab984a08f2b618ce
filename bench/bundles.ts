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
 * (infra/stack/auth.ts), and the scheduled audit (infra/stack/scheduled-audit.ts).
 */
export const FUNCTION_NAMES: readonly string[] = [
  ...routes.map((route) => route.handler),
  'authorize-user',
  'authorize-admin',
  'create-wallet-on-sign-up',
  'audit-ledger',
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

export function entryOf(name: string): string {
  return name === BASELINE
    ? join(REPO_ROOT, 'bench', 'baseline-handler.ts')
    : join(REPO_ROOT, 'functions', `${name}.ts`);
}

export function bundlePath(name: string, variant: Variant): string {
  return join(OUT_DIR, variant, name, 'index.js');
}

/** esbuild exactly as NodejsFunction runs it; `sdkBundled` only drops the externals. */
async function bundleOne(name: string, variant: Variant): Promise<Metafile> {
  const outfile = bundlePath(name, variant);
  mkdirSync(join(outfile, '..'), { recursive: true });
  const result = await build({
    absWorkingDir: REPO_ROOT,
    entryPoints: [entryOf(name)],
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
  /** For the report: where a function's SDK-bundled bytes go, largest first. */
  readonly packages: Record<string, readonly [string, number][]>;
}

export async function measureBundles(): Promise<BundleReport> {
  const names = [BASELINE, ...FUNCTION_NAMES];
  const figures: Record<string, BundleFigures> = {};
  const packages: Record<string, readonly [string, number][]> = {};
  await Promise.all(
    names.map(async (name) => {
      const [, bundled] = await Promise.all([
        bundleOne(name, 'deployed'),
        bundleOne(name, 'sdkBundled'),
      ]);
      const byPackage = bytesByPackage(bundled);
      packages[name] = [...byPackage].sort((a, b) => b[1] - a[1]);
      figures[name] = {
        path: bundlePath(name, 'deployed'),
        sizes: {
          deployed: sizeOf(bundlePath(name, 'deployed')),
          sdkBundled: sizeOf(bundlePath(name, 'sdkBundled')),
        },
        stripeBytes: byPackage.get('stripe') ?? 0,
      };
    }),
  );
  const { [BASELINE]: baseline, ...functions } = figures;
  if (!baseline) throw new Error('the baseline did not build');
  return { functions, baseline, packages };
}

export function sizeRatio(figures: BundleFigures, baseline: BundleFigures, variant: Variant) {
  return {
    ratio: ratio(figures.sizes[variant].bytes, baseline.sizes[variant].bytes),
    gzipRatio: ratio(figures.sizes[variant].gzipBytes, baseline.sizes[variant].gzipBytes),
  };
}
