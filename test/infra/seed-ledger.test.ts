import { randomUUID } from 'node:crypto';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { seedStage } from '#infra/seed-ledger';
import { auditLedger } from '#shared/audit/audit-ledger';
import { createDocumentClient } from '#shared/dynamo/client';
import { createTables } from '#shared/dynamo/create-tables';
import { createLedgerContext } from '#shared/ledger/context';
import { TOTAL_SUPPLY } from '#shared/ledger/rules';
import { deployedTableNames } from '#shared/tables';
import { dynamoEndpoint } from '#test/support/ledger-fixture';

// A stage of its own in the shared DynamoDB Local, named the way the stack names its tables.
const stage = `s${randomUUID().replaceAll('-', '').slice(0, 10)}`;
const tables = deployedTableNames(stage);
let admin: DynamoDBClient;

beforeAll(async () => {
  admin = new DynamoDBClient({
    endpoint: dynamoEndpoint(),
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await createTables(admin, tables);
});

afterAll(async () => {
  for (const name of Object.values(tables)) {
    await admin.send(new DeleteTableCommand({ TableName: name }));
  }
  admin.destroy();
});

test('seeding a fresh stage puts every coin in the DASWOS AI wallet; seeding again changes nothing', async () => {
  const first = await seedStage(stage, dynamoEndpoint());
  expect(first).toEqual({
    totalAmount: TOTAL_SUPPLY,
    mintedAmount: 0,
    remainingAmount: TOTAL_SUPPLY,
  });
  expect(await seedStage(stage, dynamoEndpoint())).toEqual(first);

  const report = await auditLedger(
    createLedgerContext({ db: createDocumentClient({ endpoint: dynamoEndpoint() }), tables }),
  );
  expect(report.breaches).toEqual([]);
});
