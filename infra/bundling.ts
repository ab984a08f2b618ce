/**
 * How every Lambda function is built, without CDK: the stack's NodejsFunction bundling reads
 * these settings, and so does `npm run bench`, which must measure exactly what is deployed.
 */

/** The newest Node.js runtime Lambda offers (supported to 2028); cdk-nag L1 asks for the newest. */
export const FUNCTION_RUNTIME_NAME = 'nodejs24.x';

/** esbuild's name for the runtime's Node.js version: `nodejs24.x` → `node24`. */
export function esbuildTarget(runtimeName: string): string {
  const match = /^nodejs(\d+)\.x$/.exec(runtimeName);
  if (!match) throw new Error(`Not a Node.js Lambda runtime: ${runtimeName}`);
  return `node${match[1]}`;
}

/** What NodejsFunction passes to esbuild (besides --bundle and --platform=node, always on). */
export const functionBundling = {
  minify: true,
  sourceMap: false,
  format: 'cjs',
  target: esbuildTarget(FUNCTION_RUNTIME_NAME),
  // The runtime ships AWS SDK v3; bundling our own copy would only add cold-start time.
  externalModules: ['@aws-sdk/*'],
  // ESM builds of dependencies tree-shake better (~40% smaller bundles, measured).
  mainFields: ['module', 'main'],
} as const;
