import { Duration, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { DataTables } from '#infra/stack/data-tables';
import { ServiceFunction } from '#infra/stack/service-function';
import type { StageConfig } from '#infra/stage-config';

export interface TransactionEventsProps {
  readonly config: StageConfig;
  readonly data: DataTables;
}

/** The bus every stage publishes on: `daswos-coins-<stage>`. */
export function eventBusName(stage: string): string {
  return `daswos-coins-${stage}`;
}

/** How long a record may wait before it is given up to the dead-letter queue. */
const MAX_RECORD_AGE = Duration.hours(6);
/** Retries of a failing batch (bisected each time) before its records go to the queue. */
const RETRY_ATTEMPTS = 10;
/** An iterator age above this means the publisher has fallen behind the ledger. */
export const ITERATOR_AGE_ALARM_MS = 5 * 60 * 1000;

/**
 * Events out: the transactions table's stream → a function → the stage's event bus, one
 * `TransactionPosted` event per committed posting, at least once (consumers deduplicate by
 * `detail.transactionId`). Records that cannot be published after the retries go, as batch
 * descriptions (shard, sequence numbers), to an encrypted dead-letter queue that alarms.
 */
export class TransactionEvents extends Construct {
  readonly bus: EventBus;
  readonly fn: ServiceFunction;
  readonly deadLetters: Queue;

  constructor(scope: Construct, id: string, props: TransactionEventsProps) {
    super(scope, id);
    const { config, data } = props;
    this.bus = new EventBus(this, 'Bus', {
      eventBusName: eventBusName(config.stage),
      description: 'DasWos Coins: TransactionPosted events (source daswos.coins)',
    });
    this.deadLetters = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // The longest SQS keeps a message: the stream itself only keeps records for 24 hours.
      retentionPeriod: Duration.days(14),
    });
    this.fn = new ServiceFunction(this, 'Publisher', {
      handler: 'publish-transaction-events',
      description: 'Publishes every committed transaction to the event bus (stream consumer)',
      config,
      environment: { EVENT_BUS_NAME: this.bus.eventBusName },
      statements: [
        new PolicyStatement({ actions: ['events:PutEvents'], resources: [this.bus.eventBusArn] }),
      ],
    });
    this.fn.function.addEventSource(
      new DynamoEventSource(data.tables.transactions, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        maxBatchingWindow: Duration.seconds(1),
        // One batch per shard at a time: a shard's records are published in stream order.
        parallelizationFactor: 1,
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        retryAttempts: RETRY_ATTEMPTS,
        maxRecordAge: MAX_RECORD_AGE,
        onFailure: new SqsDlq(this.deadLetters),
      }),
    );
    Validations.of(this.deadLetters).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself the dead-letter queue: the on-failure destination of the stream ' +
        "mapping (cdk-nag only recognises another queue's deadLetterQueue). It alarms when not empty.",
    });
    Validations.of(this.fn.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        "dynamodb:ListStreams, from the stream event source's own grant: that action has no " +
        'resource-level permissions and lists stream names only. Reading records (DescribeStream, ' +
        'GetShardIterator, GetRecords) is granted on the transactions stream alone.',
    });
  }

  /** The alarms a person must hear about, on the stack's alarm topic. */
  addAlarms(topic: ITopic): Alarm[] {
    const period = Duration.minutes(5);
    const alarms = [
      new Alarm(this, 'DeadLettersAlarm', {
        metric: this.deadLetters.metricApproximateNumberOfMessagesVisible({
          period,
          statistic: 'Maximum',
        }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription:
          'Transactions were committed but not published to the event bus. Each message names ' +
          'the stream shard and sequence numbers; read them from the transactions table and ' +
          'republish (consumers deduplicate by transactionId).',
      }),
      new Alarm(this, 'IteratorAgeAlarm', {
        metric: this.fn.function.metric('IteratorAge', { period, statistic: 'Maximum' }),
        threshold: ITERATOR_AGE_ALARM_MS,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription:
          'The event publisher is more than 5 minutes behind the ledger: it is failing or ' +
          'throttled. Records older than 6 hours go to the dead-letter queue.',
      }),
    ];
    for (const alarm of alarms) alarm.addAlarmAction(new SnsAction(topic));
    return alarms;
  }
}
