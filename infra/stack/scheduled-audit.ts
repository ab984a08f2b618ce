import { Duration } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { DataTables } from '#infra/stack/data-tables';
import { ServiceFunction } from '#infra/stack/service-function';
import type { StageConfig } from '#infra/stage-config';

export interface ScheduledAuditProps {
  readonly config: StageConfig;
  readonly data: DataTables;
  readonly every?: Duration;
}

/**
 * The ledger audit (`npm run audit`'s checks) on a schedule. Read-only: Scan on the tables
 * and nothing else. A breach fails the invocation; the Monitoring construct alarms on it.
 */
export class ScheduledAudit extends Construct {
  readonly fn: ServiceFunction;

  constructor(scope: Construct, id: string, props: ScheduledAuditProps) {
    super(scope, id);
    const tables = Object.values(props.data.tables);
    this.fn = new ServiceFunction(this, 'AuditLedger', {
      handler: 'audit-ledger',
      description: 'Scheduled audit of the ledger invariants (read-only)',
      config: props.config,
      // A full audit grows with the ledger (docs/reliability.md: minutes for 1,000,000 records
      // on DynamoDB Local); Lambda's longest run leaves it room.
      timeout: Duration.minutes(15),
      environment: props.data.environmentFor({
        supply: 'read',
        wallets: 'read',
        transactions: 'read',
        purchases: 'read',
        admin: 'read',
        holds: 'read',
        subscriptions: 'read',
        referrals: 'read',
        rewardCounters: 'read',
      }),
      statements: [
        new PolicyStatement({
          actions: ['dynamodb:Scan'],
          resources: tables.map((table) => table.tableArn),
        }),
      ],
    });
    // EventBridge invokes asynchronously: Lambda's own retries (two by default) would run a
    // failed audit again, twice, on top of the rule's. None at either level.
    this.fn.function.configureAsyncInvoke({ retryAttempts: 0 });
    new Rule(this, 'Schedule', {
      description: 'Audits the DasWos Coins ledger',
      schedule: Schedule.rate(props.every ?? Duration.hours(1)),
      // A failed audit must alarm once, not run three full scans: no asynchronous retries.
      targets: [new LambdaFunction(this.fn.function, { retryAttempts: 0 })],
    });
  }
}
