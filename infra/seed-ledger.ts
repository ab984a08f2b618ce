import { parseArgs } from 'node:util';
import { createDocumentClient } from '#shared/dynamo/client';
import { createLedgerContext } from '#shared/ledger/context';
import { createLedger } from '#shared/ledger/ledger';
import type { Supply } from '#shared/ledger/wallets';
import { deployedTableNames } from '#shared/tables';

const usage = `npm run seed -- --stage <stage>

Creates the supply row and the DASWOS AI wallet holding every coin in a deployed stage's tables,
with the AWS credentials and region of the environment. Run it once after the first deploy;
running it again changes nothing (the writes are conditional).`;

/**
 * Seeds one deployed stage through the ledger's own seed (one conditional transaction), so the
 * deployed ledger starts exactly like the local one. `endpoint` is for tests (DynamoDB Local).
 */
export async function seedStage(stage: string, endpoint?: string): Promise<Supply> {
  const ledger = createLedger(
    createLedgerContext({
      db: createDocumentClient({ endpoint }),
      tables: deployedTableNames(stage),
    }),
  );
  await ledger.seed();
  return ledger.getSupply();
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { stage: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help || !values.stage) {
    console.info(usage);
    return values.help ? 0 : 1;
  }
  const supply = await seedStage(values.stage, process.env.DYNAMODB_ENDPOINT);
  console.info(
    `Stage ${values.stage}: total ${supply.totalAmount}, minted ${supply.mintedAmount}, ` +
      `remaining ${supply.remainingAmount}`,
  );
  return 0;
}

// Run as a script (tsx infra/seed-ledger.ts), not when a test imports seedStage.
if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error('Seeding failed:', error instanceof Error ? error.message : error);
      process.exit(2);
    },
  );
}
