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
import { holdsTable, transactionsTable } from '#shared/tables';

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
 * Events out: the transactions and holds tables' streams → one function → the stage's event bus:
 * one `TransactionPosted` event per committed posting and one hold event per hold placed or
 * settled, at least once (consumers deduplicate by `detail.transactionId`, and hold events by
 * `detail.holdId` + `detail-type`). Records that cannot be published after the retries go, as
 * batch descriptions (stream, shard, sequence numbers), to an encrypted dead-letter queue that
 * alarms.
 *
 * One function with one event source mapping per stream, not a function per stream: the two
 * need the same code (the record's stream picks the mapping), the same bus permission, the same
 * retry, bisection and dead-letter policy and the same alarms; each mapping still reads its own
 * shards one batch at a time, in order, and is granted its own stream alone.
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
      description: 'DasWos Coins: TransactionPosted and hold events (source daswos.coins)',
    });
    this.deadLetters = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // The longest SQS keeps a message: the stream itself only keeps records for 24 hours.
      retentionPeriod: Duration.days(14),
    });
    this.fn = new ServiceFunction(this, 'Publisher', {
      handler: 'publish-transaction-events',
      description: 'Publishes every committed transaction and hold change to the event bus',
      config,
      // The names only (to tell the streams apart): the function reads no table.
      environment: {
        EVENT_BUS_NAME: this.bus.eventBusName,
        [transactionsTable.envVar]: data.tables.transactions.tableName,
        [holdsTable.envVar]: data.tables.holds.tableName,
      },
      statements: [
        new PolicyStatement({ actions: ['events:PutEvents'], resources: [this.bus.eventBusArn] }),
      ],
    });
    for (const table of [data.tables.transactions, data.tables.holds]) {
      this.fn.function.addEventSource(
        new DynamoEventSource(table, {
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
    }
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
        'GetShardIterator, GetRecords) is granted on the transactions and holds streams alone.',
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
          'Transactions or hold changes were committed but not published to the event bus. ' +
          'Each message names the stream, shard and sequence numbers; read them from that ' +
          'table and republish (consumers deduplicate by transactionId, or holdId + detail-type).',
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
