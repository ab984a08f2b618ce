import { Duration } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { RouteDefinition } from '#infra/routes';
import type { DataTables } from '#infra/stack/data-tables';
import { ServiceFunction } from '#infra/stack/service-function';
import type { StageConfig } from '#infra/stage-config';

export interface ScheduledAuditProps {
  readonly config: StageConfig;
  readonly data: DataTables;
  readonly every?: Duration;
}

/**
 * The ledger audit (`npm run audit`'s checks) on a schedule. Read-only on the ledger: Scan,
 * GetItem and the history indexes' Query; it writes nothing but its own checkpoints (the audit
 * table). A breach fails the invocation; the Monitoring construct alarms on it.
 */
export class ScheduledAudit extends Construct {
  readonly fn: ServiceFunction;

  constructor(scope: Construct, id: string, props: ScheduledAuditProps) {
    super(scope, id);
    const tables = Object.values(props.data.tables);
    const access: RouteDefinition['tables'] = {
      supply: 'read',
      wallets: 'read',
      transactions: 'read',
      purchases: 'read',
      admin: 'read',
      holds: 'read',
      subscriptions: 'read',
      referrals: 'read',
      rewardCounters: 'read',
      audit: 'readWrite',
    };
    this.fn = new ServiceFunction(this, 'AuditLedger', {
      handler: 'audit-ledger',
      description: 'Scheduled audit of the ledger invariants (writes its checkpoints only)',
      config: props.config,
      // A full audit grows with the ledger (docs/reliability.md: minutes for 1,000,000 records
      // on DynamoDB Local); Lambda's longest run leaves it room.
      timeout: Duration.minutes(15),
      environment: props.data.environmentFor(access),
      // Scan streams the tables; GetItem (which also authorizes TransactGetItems) re-reads
      // wallets and the reserve; Query on the three indexes a wallet's replay reads. Its only
      // writes are its checkpoints.
      statements: [
        new PolicyStatement({
          actions: ['dynamodb:Scan', 'dynamodb:GetItem'],
          resources: tables.map((table) => table.tableArn),
        }),
        new PolicyStatement({
          actions: ['dynamodb:Query'],
          resources: [
            `${props.data.tables.transactions.tableArn}/index/by_sender`,
            `${props.data.tables.transactions.tableArn}/index/by_recipient`,
            `${props.data.tables.holds.tableArn}/index/by_user`,
          ],
        }),
        ...props.data.statementsFor({ audit: 'write' }),
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
