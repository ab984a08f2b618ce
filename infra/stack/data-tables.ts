import { RemovalPolicy } from 'aws-cdk-lib';
import {
  AttributeType,
  BillingMode,
  StreamViewType,
  Table,
  TableEncryption,
} from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { RouteDefinition } from '#infra/routes';
import { type TableKey, tableDefinitionsByKey, tableGrants } from '#infra/stack/table-access';
import { deployedTableName, type KeyAttribute, type TableDefinition } from '#shared/tables';

export interface DataTablesProps {
  readonly stage: string;
}

function attribute(key: KeyAttribute) {
  return { name: key.name, type: key.type === 'S' ? AttributeType.STRING : AttributeType.NUMBER };
}

/**
 * The ledger's tables, built from shared/tables.ts so the deployed schema is the tested one.
 * They hold money: on-demand (no capacity to run out of), point-in-time recovery, deletion
 * protection, and retained when the stack is deleted.
 */
export class DataTables extends Construct {
  readonly tables: Readonly<Record<TableKey, Table>>;

  constructor(scope: Construct, id: string, props: DataTablesProps) {
    super(scope, id);
    const tables: Partial<Record<TableKey, Table>> = {};
    for (const [key, definition] of Object.entries(tableDefinitionsByKey) as [
      TableKey,
      TableDefinition,
    ][]) {
      const table = new Table(this, definition.baseName, {
        // Every stage gets its own tables; the shared base name stays the recognisable suffix.
        tableName: deployedTableName(props.stage, definition),
        partitionKey: attribute(definition.partitionKey),
        billingMode: BillingMode.PAY_PER_REQUEST,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        deletionProtection: true,
        encryption: TableEncryption.AWS_MANAGED,
        removalPolicy: RemovalPolicy.RETAIN,
        // Adding a stream to a deployed table is an in-place update (no replacement, no downtime).
        ...(definition.stream ? { stream: StreamViewType.NEW_IMAGE } : {}),
      });
      for (const index of definition.globalIndexes) {
        table.addGlobalSecondaryIndex({
          indexName: index.indexName,
          partitionKey: attribute(index.partitionKey),
          sortKey: attribute(index.sortKey),
        });
      }
      tables[key] = table;
    }
    this.tables = tables as Record<TableKey, Table>;
  }

  /** Environment variables carrying the physical names of the tables a function uses. */
  environmentFor(access: RouteDefinition['tables']): Record<string, string> {
    const environment: Record<string, string> = {};
    for (const key of Object.keys(access) as TableKey[]) {
      environment[tableDefinitionsByKey[key].envVar] = this.tables[key].tableName;
    }
    return environment;
  }

  /** IAM statements for exactly the access the route table lists, nothing more. */
  statementsFor(access: RouteDefinition['tables']): PolicyStatement[] {
    const statements: PolicyStatement[] = [];
    for (const [key, kind] of Object.entries(access) as [
      TableKey,
      RouteDefinition['tables'][TableKey],
    ][]) {
      if (!kind) continue;
      const table = this.tables[key];
      for (const grant of tableGrants(kind, tableDefinitionsByKey[key])) {
        const resource =
          grant.target === 'table'
            ? table.tableArn
            : `${table.tableArn}/index/${grant.target.index}`;
        statements.push(
          new PolicyStatement({ actions: [...grant.actions], resources: [resource] }),
        );
      }
    }
    return statements;
  }
}
