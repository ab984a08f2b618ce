import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { createTableInput, createTables } from '#shared/dynamo/create-tables';
import { type TableNames, tableNamesFromEnv, transactionsTable } from '#shared/tables';
import { dynamoEndpoint, uniqueTablePrefix } from '#test/support/ledger-fixture';

describe('the transactions table’s stream', () => {
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

  it('is created with the table, new images only', async () => {
    await createTables(admin, tables);

    expect(await streamOf(tables.transactions)).toEqual({
      StreamEnabled: true,
      StreamViewType: 'NEW_IMAGE',
    });
    expect(await streamOf(tables.wallets)).toBeUndefined();
  });

  it('is added to a table made before it existed (a DATA_DIR from an earlier version)', async () => {
    const { StreamSpecification: _, ...withoutStream } = createTableInput(
      transactionsTable,
      tables.transactions,
    );
    await admin.send(new CreateTableCommand(withoutStream));

    await createTables(admin, tables);

    expect(await streamOf(tables.transactions)).toEqual({
      StreamEnabled: true,
      StreamViewType: 'NEW_IMAGE',
    });
  });
});
