import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { createTableInput, createTables } from '#shared/dynamo/create-tables';
import { holdsTable, type TableNames, tableNamesFromEnv, transactionsTable } from '#shared/tables';
import { dynamoEndpoint, uniqueTablePrefix } from '#test/support/ledger-fixture';

describe('the transactions and holds tables’ streams', () => {
  let admin: DynamoDBClient;
  let tables: TableNames;
  beforeEach(() => {
    admin = new DynamoDBClient({
      endpoint: dynamoEndpoint(),
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    tables = tableNamesFromEnv({}, uniqueTablePrefix());
  });
  afterEach(async () => {
    await Promise.all(
      Object.values(tables).map((TableName) =>
        admin.send(new DeleteTableCommand({ TableName })).catch(() => undefined),
      ),
    );
    admin.destroy();
  });

  const streamOf = async (TableName: string) =>
    (await admin.send(new DescribeTableCommand({ TableName }))).Table?.StreamSpecification;

  it('are created with the tables, new images only; other tables have none', async () => {
    await createTables(admin, tables);

    for (const table of [tables.transactions, tables.holds]) {
      expect(await streamOf(table)).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_IMAGE' });
    }
    expect(await streamOf(tables.wallets)).toBeUndefined();
  });

  it('are left off when asked (a benchmark that reads none), and not added to existing tables', async () => {
    await createTables(admin, tables, { streams: false });
    await createTables(admin, tables, { streams: false });

    for (const table of [tables.transactions, tables.holds]) {
      expect(await streamOf(table)).toBeUndefined();
    }
  });

  it.each([
    ['transactions', transactionsTable],
    ['holds', holdsTable],
  ] as const)(
    'is added to a %s table made before it existed (a DATA_DIR from an earlier version)',
    async (key, definition) => {
      const { StreamSpecification: _, ...withoutStream } = createTableInput(
        definition,
        tables[key],
      );
      await admin.send(new CreateTableCommand(withoutStream));
      expect(await streamOf(tables[key])).toBeUndefined();

      await createTables(admin, tables);

      expect(await streamOf(tables[key])).toEqual({
        StreamEnabled: true,
        StreamViewType: 'NEW_IMAGE',
      });
    },
  );
});
