import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { startDynamoDbLocal } from '#infra/local/dynamodb-local';
import { runningEndpoint } from '#infra/local/local-state';
import { type AuditReport, auditLedger } from '#shared/audit/audit-ledger';
import { createDocumentClient } from '#shared/dynamo/client';
import { createTables } from '#shared/dynamo/create-tables';
import { createLedgerContext, type LedgerContext } from '#shared/ledger/context';
import { createLedger } from '#shared/ledger/ledger';
import type { Supply } from '#shared/ledger/wallets';
import { SUPPLY_ROW_ID, type SupplyRow } from '#shared/reserve/reserve';
import { reserveShardsFromEnv } from '#shared/reserve/reserve-ids';
import type { SeedOutcome } from '#shared/reserve/seed-reserve';
import { deployedTableNames, tableNamesFromEnv } from '#shared/tables';

const usage = `npm run seed [-- --stage <stage>] [--data-dir <folder>]

Seeds the ledger: the supply row, and the DASWOS AI reserve holding every coin in RESERVE_SHARDS
shards (default 16). On a ledger seeded before the reserve was sharded it moves DASWOS AI's coins
into the shards, in one conditioned transaction, auditing the ledger before (nothing moves if
that audit finds a breach) and after. Running it again changes nothing.
With --stage it works on that deployed stage's tables, with the AWS credentials and region of the
environment. Without it, on the local data of npm start (DATA_DIR, default .data), starting
DynamoDB Local on it when npm start is not running.`;

export interface SeedReport {
  readonly outcome: SeedOutcome;
  readonly supply: Supply;
  /** The audits around a move into shards; absent when nothing had to move. */
  readonly audits?: { readonly before: AuditReport; readonly after: AuditReport };
}

/** A ledger whose audit found breaches before its coins would have moved: nothing moved. */
export class SeedRefusedError extends Error {
  constructor(readonly report: AuditReport) {
    super(`The ledger is breached; nothing moved:\n  ${report.breaches.join('\n  ')}`);
    this.name = 'SeedRefusedError';
  }
}

/** Seeds, or moves an older ledger into reserve shards between two clean audits. */
export async function seedWithAudits(ctx: LedgerContext, shards: number): Promise<SeedReport> {
  const ledger = createLedger(ctx);
  const { Item } = await ctx.db.send(
    new GetCommand({
      TableName: ctx.tables.supply,
      Key: { id: SUPPLY_ROW_ID },
      ConsistentRead: true,
    }),
  );
  const row = Item as SupplyRow | undefined;
  if (!row || row.reserve_shards !== undefined) {
    const outcome = await ledger.seed(undefined, shards);
    return { outcome, supply: await ledger.getSupply() };
  }
  const before = await auditLedger(ctx);
  if (!before.ok) throw new SeedRefusedError(before);
  const outcome = await ledger.seed(undefined, shards);
  const after = await auditLedger(ctx);
  return { outcome, supply: await ledger.getSupply(), audits: { before, after } };
}

/** One deployed stage (`endpoint` is for tests: DynamoDB Local). */
export async function seedStage(
  stage: string,
  endpoint?: string,
  shards = reserveShardsFromEnv(),
): Promise<SeedReport> {
  const ctx = createLedgerContext({
    db: createDocumentClient({ endpoint }),
    tables: deployedTableNames(stage),
  });
  return seedWithAudits(ctx, shards);
}

async function seedLocal(dataDir: string, shards: number): Promise<SeedReport> {
  let endpoint = runningEndpoint(dataDir);
  let stop: (() => Promise<void>) | undefined;
  if (!endpoint) {
    const local = await startDynamoDbLocal({ dataDir });
    endpoint = local.endpoint;
    stop = () => local.stop();
  }
  try {
    const tables = tableNamesFromEnv();
    const admin = new DynamoDBClient({
      endpoint,
      region: process.env.AWS_REGION ?? 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await createTables(admin, tables);
    admin.destroy();
    return await seedWithAudits(
      createLedgerContext({ db: createDocumentClient({ endpoint }), tables }),
      shards,
    );
  } finally {
    await stop?.();
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      stage: { type: 'string' },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.info(usage);
    return 0;
  }
  const shards = reserveShardsFromEnv();
  const dataDir = resolve(values['data-dir'] ?? process.env.DATA_DIR ?? '.data');
  const where = values.stage ? `Stage ${values.stage}` : `Local data in ${dataDir}`;
  const report = values.stage
    ? await seedStage(values.stage, process.env.DYNAMODB_ENDPOINT, shards)
    : await seedLocal(dataDir, shards);
  const { supply, audits } = report;
  console.info(
    `${where}: ${report.outcome}; total ${supply.totalAmount}, minted ${supply.mintedAmount}, ` +
      `remaining ${supply.remainingAmount}`,
  );
  if (audits) {
    console.info(
      `  audit before: ${audits.before.breaches.length} breaches, minted ${audits.before.mintedAmount}; ` +
        `after: ${audits.after.breaches.length} breaches, minted ${audits.after.mintedAmount}, ` +
        `${audits.after.reserveShards} shards`,
    );
  }
  return audits && !audits.after.ok ? 1 : 0;
}

// Run as a script (tsx infra/seed-ledger.ts), not when a test imports seedStage.
if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error('Seeding failed:', error instanceof Error ? error.message : error);
      process.exit(error instanceof SeedRefusedError ? 1 : 2);
    },
  );
}
