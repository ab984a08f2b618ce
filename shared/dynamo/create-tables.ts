import {
  CreateTableCommand,
  type CreateTableCommandInput,
  type DynamoDBClient,
  ResourceInUseException,
} from '@aws-sdk/client-dynamodb';
import {
  adminTable,
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
  };
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
  return names.transactions;
}

/** Creates the tables; existing tables are left as they are (idempotent). */
export async function createTables(client: DynamoDBClient, names: TableNames): Promise<void> {
  await Promise.all(
    tableDefinitions.map(async (definition) => {
      try {
        await client.send(
          new CreateTableCommand(createTableInput(definition, physicalName(definition, names))),
        );
      } catch (error) {
        if (!(error instanceof ResourceInUseException)) throw error;
      }
    }),
  );
}
