import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { BASELINE, bundlePath, OUT_DIR, REPO_ROOT } from './bundles';
import { type BenchActors, firstEventFor } from './events';
import { median, ratio, round } from './stats';

/**
 * Cold starts: each run is a fresh `node` that requires a function's as-deployed bundle (the SDK
 * comes from node_modules, as a Lambda's comes from the runtime) and serves one request against
 * DynamoDB Local. Functions take turns within each round, so a disturbance on this shared
 * machine lands on all of them rather than on one; the first round only warms the file cache.
 */
interface RunResult {
  readonly ok: boolean;
  readonly body?: string;
  readonly loadMs: number;
  readonly invokeMs: number;
  readonly coldStartMs: number;
  readonly sinceProcessStartMs: number;
}

export interface ColdStartFigures {
  /** Median of require + first invocation, in the process (Node's own boot excluded). */
  readonly p50Ms: number;
  readonly ratio: number;
  readonly loadP50Ms: number;
  readonly invokeP50Ms: number;
  /** Median from the process's start to the first answer: Node's boot included. */
  readonly processP50Ms: number;
  /** Every measured run (require + first invocation), in order: the spread behind the median. */
  readonly samplesMs: readonly number[];
}

const RUNNER = join(OUT_DIR, 'cold-start-runner.js');

async function buildRunner(): Promise<void> {
  await build({
    absWorkingDir: REPO_ROOT,
    entryPoints: [join(REPO_ROOT, 'bench', 'cold-start-runner.ts')],
    outfile: RUNNER,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: `node${process.versions.node.split('.')[0]}`,
    logLevel: 'error',
  });
}

function childEnvironment(actors: BenchActors, eventBridgeUrl: string): NodeJS.ProcessEnv {
  // Nothing of this process's loader (tsx) may reach the child: it would not be a cold start.
  const { NODE_OPTIONS: _options, ...env } = process.env;
  return {
    ...env,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    BASELINE_USER_ID: actors.sender,
    // The event publisher's PutEvents goes to a local endpoint, signed with the environment's
    // credentials as Lambda provides them (no credential look-up over the network).
    AWS_ENDPOINT_URL_EVENTBRIDGE: eventBridgeUrl,
    AWS_ACCESS_KEY_ID: env.AWS_ACCESS_KEY_ID ?? 'bench',
    AWS_SECRET_ACCESS_KEY: env.AWS_SECRET_ACCESS_KEY ?? 'bench',
    EVENT_BUS_NAME: 'daswos-coins-bench',
  };
}

function runOnce(name: string, jobFile: string, env: NodeJS.ProcessEnv): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [RUNNER, bundlePath(name, 'deployed'), jobFile], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2_000);
    });
    child.once('error', reject);
    child.once('close', (code) => {
      const line = stdout.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
      if (!line) return reject(new Error(`${name}: no result (exit ${code})\n${stderr}`));
      const result = JSON.parse(line.slice('BENCH_RESULT '.length)) as RunResult;
      if (!result.ok) return reject(new Error(`${name}: the first request failed: ${result.body}`));
      resolve(result);
    });
  });
}

export async function measureColdStarts(
  names: readonly string[],
  actors: BenchActors,
  options: {
    rounds: number;
    jwksUrl: string;
    /** A local endpoint that answers PutEvents as EventBridge does (the publisher's first call). */
    eventBridgeUrl: string;
  },
): Promise<Record<string, ColdStartFigures>> {
  await buildRunner();
  const jobs = join(OUT_DIR, 'jobs');
  mkdirSync(jobs, { recursive: true });
  const env = childEnvironment(actors, options.eventBridgeUrl);
  const all = [BASELINE, ...names];
  const runs = new Map<string, RunResult[]>(all.map((name) => [name, []]));
  for (let round = 0; round <= options.rounds; round++) {
    // Rotate the order each round: no function always runs right after the same neighbour.
    const order = all.map((_, i) => all[(i + round) % all.length] as string);
    for (const name of order) {
      const jobFile = join(jobs, `${name}.json`);
      const event = firstEventFor(name, actors);
      const jwksUrl = name.startsWith('authorize-') ? options.jwksUrl : undefined;
      writeFileSync(jobFile, JSON.stringify({ name, event, jwksUrl }));
      const result = await runOnce(name, jobFile, env);
      if (round > 0) runs.get(name)?.push(result);
    }
  }
  const p50 = (name: string, pick: (r: RunResult) => number) =>
    round(median((runs.get(name) ?? []).map(pick)), 1);
  const baselineP50 = p50(BASELINE, (r) => r.coldStartMs);
  const figures: Record<string, ColdStartFigures> = {};
  for (const name of all) {
    const p50Ms = p50(name, (r) => r.coldStartMs);
    figures[name] = {
      p50Ms,
      ratio: ratio(p50Ms, baselineP50),
      loadP50Ms: p50(name, (r) => r.loadMs),
      invokeP50Ms: p50(name, (r) => r.invokeMs),
      processP50Ms: p50(name, (r) => r.sinceProcessStartMs),
      samplesMs: (runs.get(name) ?? []).map((r) => round(r.coldStartMs, 1)),
    };
  }
  return figures;
}
