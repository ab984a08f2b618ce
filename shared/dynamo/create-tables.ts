import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import {
  adminTable,
  auditTable,
  holdsTable,
  purchasesTable,
  referralsTable,
  rewardCountersTable,
  subscriptionsTable,
  supplyTable,
  type TableDefinition,
  type TableNames,
  tableDefinitions,
  walletsTable,
} from '#shared/tables';

/** The CreateTable input for one definition: the local/test twin of the CDK table construct. */
export function createTableInput(
  definition: TableDefinition,
  tableName: string,
  options: CreateTablesOptions = {},
): CreateTableCommandInput {
  const attributes = new Map<string, string>([
    [definition.partitionKey.name, definition.partitionKey.type],
  ]);
  for (const index of definition.globalIndexes) {
    attributes.set(index.partitionKey.name, index.partitionKey.type);
    attributes.set(index.sortKey.name, index.sortKey.type);
  }
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...attributes].map(([AttributeName, AttributeType]) => ({
      AttributeName,
      AttributeType: AttributeType as 'S' | 'N',
    })),
    KeySchema: [{ AttributeName: definition.partitionKey.name, KeyType: 'HASH' }],
    ...(definition.globalIndexes.length === 0
      ? {}
      : {
          GlobalSecondaryIndexes: definition.globalIndexes.map((index) => ({
            IndexName: index.indexName,
            KeySchema: [
              { AttributeName: index.partitionKey.name, KeyType: 'HASH' as const },
              { AttributeName: index.sortKey.name, KeyType: 'RANGE' as const },
            ],
            Projection: { ProjectionType: 'ALL' as const },
          })),
        }),
    ...(definition.stream && options.streams !== false
      ? { StreamSpecification: { StreamEnabled: true, StreamViewType: definition.stream } }
      : {}),
  };
}

/**
 * A table made before its definition had a stream (a DATA_DIR from an earlier version) gains
 * it, as a deployed table does on the next deploy. Records from before that are not in it.
 */
async function enableMissingStream(
  client: DynamoDBClient,
  definition: TableDefinition,
  tableName: string,
): Promise<void> {
  if (!definition.stream) return;
  const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
  if (Table?.StreamSpecification?.StreamEnabled) return;
  await client.send(
    new UpdateTableCommand({
      TableName: tableName,
      StreamSpecification: { StreamEnabled: true, StreamViewType: definition.stream },
    }),
  );
}

function physicalName(definition: TableDefinition, names: TableNames): string {
  if (definition === supplyTable) return names.supply;
  if (definition === walletsTable) return names.wallets;
  if (definition === purchasesTable) return names.purchases;
  if (definition === adminTable) return names.admin;
  if (definition === holdsTable) return names.holds;
  if (definition === subscriptionsTable) return names.subscriptions;
  if (definition === referralsTable) return names.referrals;
  if (definition === rewardCountersTable) return names.rewardCounters;
  if (definition === auditTable) return names.audit;
  return names.transactions;
}

export interface CreateTablesOptions {
  /**
   * `false` leaves the tables' streams off, for a benchmark that reads no stream. On DynamoDB
   * Local a request to a table with a stream takes time that grows with the stream records the
   * database holds for other tables: a GetItem on an empty holds table took 1 ms without its
   * stream and about 100 ms with it beside 200,000 records' (200 ms beside 400,000). AWS does
   * not do that. Everything else keeps them: the event feed reads them.
   */
  readonly streams?: boolean;
}

/** Creates the tables; existing tables are left as they are (idempotent), except that a
 * missing stream is enabled. */
export async function createTables(
  client: DynamoDBClient,
  names: TableNames,
  options: CreateTablesOptions = {},
): Promise<void> {
  await Promise.all(
    tableDefinitions.map(async (definition) => {
      const tableName = physicalName(definition, names);
      try {
        await client.send(new CreateTableCommand(createTableInput(definition, tableName, options)));
      } catch (error) {
        if (!(error instanceof ResourceInUseException)) throw error;
        if (options.streams !== false) await enableMissingStream(client, definition, tableName);
      }
    }),
  );
}
