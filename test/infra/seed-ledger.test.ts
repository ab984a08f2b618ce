import { randomUUID } from 'node:crypto';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { SeedRefusedError, seedStage, seedWithAudits } from '#infra/seed-ledger';
import { auditLedger } from '#shared/audit/audit-ledger';
import { createDocumentClient } from '#shared/dynamo/client';
import { createTables } from '#shared/dynamo/create-tables';
import { createLedgerContext } from '#shared/ledger/context';
import { TOTAL_SUPPLY } from '#shared/ledger/rules';
import { deployedTableNames } from '#shared/tables';
import { createTestLedger, dynamoEndpoint, type TestLedger } from '#test/support/ledger-fixture';
import { layOutLegacyLedger, legacyMint } from '#test/support/legacy-ledger';

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

const stageContext = () =>
  createLedgerContext({ db: createDocumentClient({ endpoint: dynamoEndpoint() }), tables });

describe('npm run seed -- --stage', () => {
  it('seeds a fresh stage with every coin in the reserve; seeding again changes nothing', async () => {
    const first = await seedStage(stage, dynamoEndpoint(), 4);
    expect(first).toEqual({
      outcome: 'seeded',
      supply: { totalAmount: TOTAL_SUPPLY, mintedAmount: 0, remainingAmount: TOTAL_SUPPLY },
    });
    expect(await seedStage(stage, dynamoEndpoint(), 4)).toEqual({ ...first, outcome: 'unchanged' });

    const report = await auditLedger(stageContext());
    expect(report.breaches).toEqual([]);
    expect(report.reserveShards).toBe(4);
  });
});

describe('npm run seed on a ledger seeded before sharding', () => {
  let t: TestLedger;

  beforeEach(async () => {
    t = await createTestLedger({ unseeded: true });
    await layOutLegacyLedger(t.ledger.context, 50_000);
    await t.ledger.createWallet('alice');
    await legacyMint(t.ledger.context, 'alice', 1_234, 'a');
  });

  afterEach(() => t.destroy());

  it('moves it into shards between two clean audits', async () => {
    const report = await seedWithAudits(t.ledger.context, 16);

    expect(report.outcome).toBe('sharded');
    expect(report.supply).toEqual({
      totalAmount: 50_000,
      mintedAmount: 1_234,
      remainingAmount: 48_766,
    });
    expect(report.audits?.before).toMatchObject({
      ok: true,
      mintedAmount: 1_234,
      reserveShards: 0,
    });
    expect(report.audits?.after).toMatchObject({
      ok: true,
      mintedAmount: 1_234,
      reserveShards: 16,
    });
  });

  it('refuses to move a breached ledger, and moves nothing', async () => {
    await t.db.send(
      new UpdateCommand({
        TableName: t.tables.wallets,
        Key: { user_id: 'alice' },
        UpdateExpression: 'SET balance = balance + :one',
        ExpressionAttributeValues: { ':one': 1 },
      }),
    );

    await expect(seedWithAudits(t.ledger.context, 16)).rejects.toBeInstanceOf(SeedRefusedError);

    expect((await t.audit()).reserveShards).toBe(0);
  });
});
