/**
 * Counters in CloudWatch's embedded metric format (EMF): one JSON log line per datapoint, which
 * Lambda's log pipeline turns into a metric without an API call or a dependency (it is what
 * Powertools Metrics writes). Alarms in infra/stack/monitoring.ts watch these names.
 */
export const COUNTED_METRICS = [
  /** A signed Stripe event we cannot read (bad envelope, an object missing fields we need). */
  'MalformedStripeEvents',
  /** A signed Stripe event no retry can process (Stripe refused our call, a domain refusal). */
  'UnprocessableStripeEvents',
  /** A paid Checkout Session refunded because it can never be credited. */
  'RefundedUncreditable',
] as const;
export type CountedMetric = (typeof COUNTED_METRICS)[number];

/** Defaults match what the stack sets on every function (infra/stack/service-function.ts). */
export const DEFAULT_METRICS_NAMESPACE = 'DaswosCoins';
export const DEFAULT_SERVICE_NAME = 'daswos-coins';

/** Where the lines go: stdout, as Lambda expects; tests may read them there. */
export type MetricWriter = (line: string) => void;
const toStdout: MetricWriter = (line) => {
  process.stdout.write(`${line}\n`);
};

/**
 * Counts one occurrence of `name`, dimensioned by service and stage so that each stage's alarm
 * sees its own. `properties` ride along in the same line as searchable context (never
 * dimensions: an event id per dimension value would be a metric per event).
 */
export function countMetric(
  name: CountedMetric,
  properties: Record<string, string | number | undefined> = {},
  write: MetricWriter = toStdout,
  env: NodeJS.ProcessEnv = process.env,
): void {
  // Powertools' own switch, so one setting silences every metric (the tests' quiet default).
  if (env.POWERTOOLS_METRICS_DISABLED === 'true') return;
  const line = {
    _aws: {
      Timestamp: Date.now(),
      CloudWatchMetrics: [
        {
          Namespace: env.POWERTOOLS_METRICS_NAMESPACE ?? DEFAULT_METRICS_NAMESPACE,
          Dimensions: [['service', 'stage']],
          Metrics: [{ Name: name, Unit: 'Count' }],
        },
      ],
    },
    service: env.POWERTOOLS_SERVICE_NAME ?? DEFAULT_SERVICE_NAME,
    stage: env.STAGE ?? 'local',
    ...properties,
    [name]: 1,
  };
  write(JSON.stringify(line));
}
