import { Duration } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { DataTables } from '#infra/stack/data-tables';
import { ServiceFunction } from '#infra/stack/service-function';
import type { StageConfig } from '#infra/stage-config';

export interface HoldSweeperProps {
  readonly config: StageConfig;
  readonly data: DataTables;
}

/**
 * Releases expired holds every minute (EventBridge schedule): a Query per bucket of the sparse
 * `by_expiry` index, then each hold's conditioned release (hold + wallet). Safe to overlap with
 * itself and with captures and voids; a failed run is retried by the next one, and alarms.
 */
export class HoldSweeper extends Construct {
  readonly fn: ServiceFunction;

  constructor(scope: Construct, id: string, props: HoldSweeperProps) {
    super(scope, id);
    const { holds, wallets } = props.data.tables;
    this.fn = new ServiceFunction(this, 'SweepExpiredHolds', {
      handler: 'sweep-expired-holds',
      description: 'Releases holds past their expiry (every minute)',
      config: props.config,
      timeout: Duration.seconds(50),
      environment: props.data.environmentFor({ holds: 'readWrite', wallets: 'write' }),
      statements: [
        new PolicyStatement({
          actions: ['dynamodb:Query'],
          resources: [`${holds.tableArn}/index/by_expiry`],
        }),
        // The release is one TransactWriteItems of two UpdateItems; GetItem re-reads a hold that
        // someone else settled first.
        new PolicyStatement({
          actions: ['dynamodb:UpdateItem', 'dynamodb:GetItem'],
          resources: [holds.tableArn],
        }),
        new PolicyStatement({ actions: ['dynamodb:UpdateItem'], resources: [wallets.tableArn] }),
      ],
    });
    new Rule(this, 'Schedule', {
      description: 'Releases expired DasWos Coins holds',
      schedule: Schedule.rate(Duration.minutes(1)),
      // The next run, a minute later, is the retry.
      targets: [new LambdaFunction(this.fn.function, { retryAttempts: 0 })],
    });
  }
}
