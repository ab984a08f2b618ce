import { Duration } from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import {
  Alarm,
  ComparisonOperator,
  type IMetric,
  MathExpression,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import {
  METRICS_NAMESPACE,
  SERVICE_NAME,
  type ServiceFunction,
} from '#infra/stack/service-function';
import type { StageConfig } from '#infra/stage-config';
import type { CountedMetric } from '#shared/metrics';

/** What each counted metric (shared/metrics.ts) means to the person the alarm wakes. */
const COUNTED_METRIC_ALARMS: Readonly<Record<CountedMetric, string>> = {
  MalformedStripeEvents:
    'A signed Stripe event could not be read and was answered 2xx (Stripe will not retry). ' +
    'Its event id is in the webhook log: look it up in the Stripe dashboard and settle it by hand.',
  UnprocessableStripeEvents:
    'A signed Stripe event was refused for good (Stripe refused our call, or a ledger rule) and ' +
    'answered 2xx. Its event id and error are in the webhook log.',
  RefundedUncreditable:
    'A paid coin purchase could not be credited (sold out, bundle gone, wrong terms) and was ' +
    'refunded automatically. The webhook log names the session and the reason.',
};

export interface MonitoredFunction {
  readonly name: string;
  readonly fn: ServiceFunction;
  /** Stripe webhooks: a failure means a payment not yet credited (Stripe retries for 3 days). */
  readonly webhook?: boolean;
  /** The scheduled ledger audit: an error means the ledger is out of balance (or unreadable). */
  readonly audit?: boolean;
}

export interface MonitoringProps {
  readonly config: StageConfig;
  readonly api: RestApi;
  readonly functions: readonly MonitoredFunction[];
}

const PERIOD = Duration.minutes(5);
/** The audit runs hourly: two hours without one success means two failed or missed runs. */
export const AUDIT_HEARTBEAT = Duration.hours(2);

/**
 * Alarms on what needs a person: server errors at the API, any function error (the HTTP
 * handlers turn expected failures into 4xx answers, so an Errors datapoint is a crash or a
 * timeout), Stripe webhook failures, and throttling. They all notify one SNS topic.
 */
export class Monitoring extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const { config } = props;
    // Alarm notifications carry alarm names and states, no user or payment data, so the topic
    // is not KMS-encrypted (CloudWatch cannot publish to a topic under the AWS-managed key).
    this.topic = new Topic(this, 'AlarmTopic', {
      displayName: `DasWos Coins ${config.stage} alarms`,
      enforceSSL: true,
    });
    if (config.alarmEmail) this.topic.addSubscription(new EmailSubscription(config.alarmEmail));

    this.alarm('Api5xx', props.api.metricServerError({ period: PERIOD, statistic: 'Sum' }), {
      threshold: config.api5xxAlarmThreshold,
      description: 'The API answered 5xx: a function crashed, timed out or was throttled.',
    });

    // The functions' EMF lines (shared/metrics.ts), one alarm per counted metric of this stage.
    for (const [name, description] of Object.entries(COUNTED_METRIC_ALARMS)) {
      const metric = new Metric({
        namespace: METRICS_NAMESPACE,
        metricName: name,
        dimensionsMap: { service: SERVICE_NAME, stage: config.stage },
        period: PERIOD,
        statistic: 'Sum',
      });
      this.alarm(name, metric, { threshold: 1, description });
    }

    for (const { name, fn, webhook, audit } of props.functions) {
      const lambda = fn.function;
      if (audit) this.auditHeartbeat(name, fn);
      this.alarm(`${name}-errors`, lambda.metricErrors({ period: PERIOD, statistic: 'Sum' }), {
        threshold: 1,
        description: audit
          ? 'The scheduled ledger audit failed: coins may be unaccounted for. Its log names every ' +
            'breach; stop giveaways and sales until it is understood.'
          : webhook
            ? `Stripe webhook ${name} failed: Stripe retries, but a payment is not credited until ` +
              'it succeeds. Check its logs now.'
            : `${name} threw or timed out.`,
      });
      this.alarm(
        `${name}-throttles`,
        lambda.metricThrottles({ period: PERIOD, statistic: 'Sum' }),
        {
          threshold: 1,
          description: `${name} was throttled: the account's Lambda concurrency is exhausted.`,
        },
      );
    }
  }

  /**
   * Silence is a failure too: an audit that stopped running (a disabled rule, a deleted
   * function, throttling) raises no Errors. Successful runs = invocations - errors over two
   * hours must be at least one; no data at all is breaching.
   */
  private auditHeartbeat(name: string, fn: ServiceFunction): void {
    const lambda = fn.function;
    const succeeded = new MathExpression({
      expression: 'invocations - FILL(errors, 0)',
      usingMetrics: {
        invocations: lambda.metricInvocations({ period: AUDIT_HEARTBEAT, statistic: 'Sum' }),
        errors: lambda.metricErrors({ period: AUDIT_HEARTBEAT, statistic: 'Sum' }),
      },
      period: AUDIT_HEARTBEAT,
      label: 'successful ledger audits',
    });
    const alarm = new Alarm(this, `${name}-heartbeat`, {
      metric: succeeded,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.BREACHING,
      alarmDescription:
        'No ledger audit has succeeded for 2 hours: the audit fails, or no longer runs. Nobody ' +
        'is checking that the coins add up; see the audit-ledger logs and its schedule.',
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
  }

  private alarm(
    id: string,
    metric: IMetric,
    options: { readonly threshold: number; readonly description: string },
  ): void {
    const alarm = new Alarm(this, id, {
      metric,
      threshold: options.threshold,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      // No traffic is not a failure.
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: options.description,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}
