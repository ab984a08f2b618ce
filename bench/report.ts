import { availableParallelism, cpus, totalmem } from 'node:os';
import type { BatchGiveThroughput } from './batch-give-throughput';
import { type BundleReport, baseName, STRIPE_FUNCTIONS, sizeRatio } from './bundles';
import type { Capacity } from './capacity';
import { ON_DEMAND_PRICES } from './capacity-math';
import type { ColdStartFigures } from './cold-start';
import type { Throughput } from './gateway-throughput';
import type { HandlerOverhead } from './handler-overhead';
import type { ScaleFigures } from './scale-model';

/** The goals of issue 8; a figure past its goal is flagged in the table. */
export const GOALS = {
  bundleRatio: 1.15,
  coldStartRatio: 1.25,
  handlerP50Ratio: 1.15,
  gatewayRatio: 0.8,
  /** Mints with N shards >= this x N x the one-shard ceiling (issue 16). */
  shardEfficiency: 0.8,
} as const;

export interface BenchResults {
  readonly bundles: BundleReport;
  readonly coldStart: Record<string, ColdStartFigures>;
  readonly handlerOverhead: HandlerOverhead;
  readonly gatewayThroughput: Throughput;
  readonly capacity: Record<string, Capacity>;
  readonly scale: ScaleFigures;
  readonly batchGive: BatchGiveThroughput;
  readonly elapsedSeconds: number;
}

export function machine() {
  return {
    nproc: availableParallelism(),
    cpu: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
}

/** The JSON shape, plus the context figures that explain it. */
export function toJson(results: BenchResults) {
  const { bundles } = results;
  const bundleEntries = Object.entries(bundles.functions).map(([name, figures]) => {
    const bundled = sizeRatio(figures, bundles.baseline, 'sdkBundled');
    const deployed = sizeRatio(figures, bundles.baseline, 'deployed');
    return [
      name,
      {
        // The SDK-bundled build: the only one whose ratio to the baseline says anything.
        ...figures.sizes.sdkBundled,
        ...bundled,
        asDeployed: { ...figures.sizes.deployed, ...deployed },
        ...(figures.stripeBytes > 0 ? { stripeBytes: figures.stripeBytes } : {}),
      },
    ];
  });
  return {
    machine: machine(),
    elapsedSeconds: results.elapsedSeconds,
    goals: GOALS,
    prices: ON_DEMAND_PRICES,
    bundles: {
      baseline: {
        ...bundles.baseline.sizes.sdkBundled,
        asDeployed: bundles.baseline.sizes.deployed,
      },
      ...Object.fromEntries(bundleEntries),
    },
    coldStart: results.coldStart,
    handlerOverhead: results.handlerOverhead,
    gatewayThroughput: results.gatewayThroughput,
    capacity: results.capacity,
    scale: results.scale,
    batchGive: results.batchGive,
  };
}

const pad = (cells: readonly (string | number)[], widths: readonly number[]) =>
  cells
    .map((cell, i) => {
      const text = String(cell);
      return i === 0 ? text.padEnd(widths[i] ?? 0) : text.padStart(widths[i] ?? 0);
    })
    .join('  ');
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)}K`;
const flag = (ok: boolean) => (ok ? '' : ' !');

/** One table: a row per function, then the in-process, throughput and capacity figures. */
export function formatTable(results: BenchResults): string {
  const { bundles, coldStart, handlerOverhead: h, gatewayThroughput: g } = results;
  const widths = [32, 9, 8, 7, 9, 8, 7, 9, 8, 8];
  const lines = [
    pad(
      ['function', 'deployed', 'gzip', 'x', 'bundled', 'gzip', 'x', 'stripe', 'cold ms', 'x'],
      widths,
    ),
  ];
  const row = (name: string) => {
    const figures = name === 'baseline' ? bundles.baseline : bundles.functions[name];
    const cold = coldStart[name];
    if (!figures) return;
    const deployed = sizeRatio(figures, bundles.baseline, 'deployed');
    const bundled = sizeRatio(figures, bundles.baseline, 'sdkBundled');
    const sizeGoal = STRIPE_FUNCTIONS.has(baseName(name)) || bundled.ratio <= GOALS.bundleRatio;
    lines.push(
      pad(
        [
          name,
          kb(figures.sizes.deployed.bytes),
          kb(figures.sizes.deployed.gzipBytes),
          deployed.ratio.toFixed(1),
          kb(figures.sizes.sdkBundled.bytes),
          kb(figures.sizes.sdkBundled.gzipBytes),
          bundled.ratio.toFixed(2) + flag(sizeGoal),
          figures.stripeBytes > 0 ? kb(figures.stripeBytes) : '-',
          cold ? cold.p50Ms.toFixed(1) : '-',
          cold ? cold.ratio.toFixed(2) + flag(cold.ratio <= GOALS.coldStartRatio) : '-',
        ],
        widths,
      ),
    );
  };
  // Each function, followed by its --compare build (name@sha) if there is one.
  const keys = Object.keys(bundles.functions);
  row('baseline');
  for (const name of keys.filter((key) => !key.includes('@'))) {
    for (const key of keys.filter((k) => baseName(k) === name)) row(key);
  }
  lines.push(
    '',
    `transfer handler in-process: p50 ${h.handler.p50Ms} ms, p99 ${h.handler.p99Ms} ms (${h.handler.count} calls)`,
    `  bare TransactWriteItems:          p50 ${h.bareTransact.p50Ms} ms, p99 ${h.bareTransact.p99Ms} ms -> ratio p50 ${h.p50Ratio}${flag(h.p50Ratio <= GOALS.handlerP50Ratio)}, p99 ${h.p99Ratio}`,
    `  bare TransactWriteItems + GetItem: p50 ${h.bareTransactAndGet.p50Ms} ms, p99 ${h.bareTransactAndGet.p99Ms} ms -> ratio p50 ${h.sameWorkP50Ratio}${flag(h.sameWorkP50Ratio <= GOALS.handlerP50Ratio)}, p99 ${h.sameWorkP99Ratio}`,
    `gateway transfers/s (${g.inFlight} in flight, ${g.operationsPerMode.gateway} done): ${g.requestsPerSecond}`,
    `  raw TransactWriteItems/s: ${g.rawTransactPerSecond} -> ratio ${g.ratio}${flag(g.ratio >= GOALS.gatewayRatio)}`,
    `  raw TransactWriteItems + GetItem/s: ${g.rawTransactAndGetPerSecond} -> ratio ${g.sameWorkRatio}${flag(g.sameWorkRatio >= GOALS.gatewayRatio)}`,
    '',
    pad(
      ['operation', 'written', 'idx', 'read', 'WRU', 'RRU', 'USD/M', 'requests'],
      [32, 8, 5, 6, 6, 6, 8, 0],
    ),
  );
  for (const [operation, c] of Object.entries(results.capacity)) {
    lines.push(
      pad(
        [
          operation,
          c.itemsWritten,
          c.indexWrites,
          c.itemsRead,
          c.writeUnits,
          c.readUnits,
          c.usdPerMillion.toFixed(3),
          ` ${c.requests.join(' + ')} (items written ${c.writtenItemBytes.join('/') || '-'} B, read ${c.readBytes} B)`,
        ],
        [32, 8, 5, 6, 6, 6, 8, 0],
      ),
    );
  }
  const { scale } = results;
  const m = scale.mintsPerSecond;
  lines.push(
    '',
    `capacity model on AWS (1,000 WCU/s and 3,000 RCU/s per partition; docs/performance.md), ops/s:`,
    pad(['operation', '1 shard', `${scale.shards} shards`], [32, 9, 10]),
    ...Object.entries(scale.operations).map(([name, rate]) =>
      pad([name, rate.oneShard, rate.sharded], [32, 9, 10]),
    ),
    `mints: ${m.sharded}/s with ${scale.shards} shards = ${m.efficiency} x ${scale.shards} x ${m.oneShard}/s${flag(m.efficiency >= GOALS.shardEfficiency)}; transfers per user pair: ${scale.transfersPerSecondPerUserPair}/s`,
  );
  const b = results.batchGive;
  lines.push(
    `batch giveaways: ${b.grantsPerSecond} grants/s (${b.grants} grants a batch, rounds of ${b.seconds.join('/')} s)`,
  );
  const p = ON_DEMAND_PRICES;
  lines.push(
    `prices: on-demand ${p.region}, $${p.usdPerMillionWriteUnits}/M WRU, $${p.usdPerMillionReadUnits}/M RRU (since ${p.since})`,
    `sizes: deployed = @aws-sdk/* external (as the stack ships it); bundled = SDK inside, the size goal's yardstick; x = ratio to baseline; ! = misses its goal`,
    `machine: ${JSON.stringify(machine())}; ${results.elapsedSeconds} s`,
  );
  return lines.join('\n');
}
