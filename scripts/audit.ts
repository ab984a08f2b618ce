import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startDynamoDbLocal } from '#infra/local/dynamodb-local';
import { runningEndpoint } from '#infra/local/local-state';
import { auditLedgerSince } from '#shared/audit/audit-incremental';
import { auditLedger } from '#shared/audit/audit-ledger';
import { createDocumentClient } from '#shared/dynamo/client';
import { createLedgerContext, type LedgerContext } from '#shared/ledger/context';
import { deployedTableNames, tableNamesFromEnv } from '#shared/tables';

const usage = `npm run audit [-- --stage <stage>] [--data-dir <folder>] [--since <time>] [--json]

Checks every invariant of the ledger and exits 1 on any breach, naming the offending items
(0 when every invariant holds, 2 when the audit could not run). It is safe while the ledger is
being written: only breaches confirmed on re-reads are reported. --json prints the report as
one JSON object (ok, breaches, wallets, transactions, ..., unsettled, elapsedMs, heapUsedMb).
Without --stage it audits the local data of npm start (DATA_DIR, default .data), starting
DynamoDB Local on it when npm start is not running. With --stage it audits that deployed stage's
tables with the AWS credentials of the environment (read-only: Scan and GetItem).
--since <ISO time> audits incrementally: the reserve, and every wallet written since that time
(a previous run's "checkpoint") with the records it names, each replayed from the checkpoint the
scheduled audit left for it; the cross-table invariants are the full audit's. Either way it
reads only: checkpoints are written by the scheduled audit.`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      stage: { type: 'string' },
      'data-dir': { type: 'string' },
      json: { type: 'boolean' },
      since: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.info(usage);
    return 0;
  }
  let stopLocal: (() => Promise<void>) | undefined;
  let ctx: ReturnType<typeof createLedgerContext>;
  let where: string;
  if (values.stage) {
    ctx = createLedgerContext({
      db: createDocumentClient(),
      tables: deployedTableNames(values.stage),
    });
    where = `stage ${values.stage} (${process.env.AWS_REGION ?? 'default region'})`;
  } else {
    const dataDir = resolve(values['data-dir'] ?? process.env.DATA_DIR ?? '.data');
    let endpoint = runningEndpoint(dataDir);
    if (!endpoint) {
      const local = await startDynamoDbLocal({ dataDir });
      endpoint = local.endpoint;
      stopLocal = () => local.stop();
    }
    ctx = createLedgerContext({
      db: createDocumentClient({ endpoint }),
      tables: tableNamesFromEnv(),
    });
    where = `local data in ${dataDir}`;
  }

  const started = performance.now();
  try {
    if (values.since) return await incremental(ctx, where, values.since, values.json === true);
    const report = await auditLedger(ctx);
    const elapsed = Math.round(performance.now() - started);
    if (values.json) {
      const heapUsedMb = Math.round(process.memoryUsage().heapUsed / 2 ** 20);
      console.info(JSON.stringify({ where, ...report, elapsedMs: elapsed, heapUsedMb }));
      return report.ok ? 0 : 1;
    }
    console.info(`DasWos Coins ledger audit — ${where}`);
    console.info(
      `  wallets ${report.wallets}, transactions ${report.transactions}, in circulation ${report.inCirculation}, ` +
        `minted ${report.mintedAmount} of ${report.totalAmount}, ${elapsed} ms`,
    );
    if (report.unsettled.length > 0) {
      console.info(
        `  ${report.unsettled.length} wallet(s) kept moving and were not verified: ${report.unsettled.join(', ')}`,
      );
    }
    if (report.ok) {
      console.info('  OK: every invariant holds');
      return 0;
    }
    console.error(`  BREACHED: ${report.breaches.length} problem(s)`);
    for (const breach of report.breaches) console.error(`  - ${breach}`);
    return 1;
  } finally {
    await stopLocal?.();
  }
}

async function incremental(
  ctx: LedgerContext,
  where: string,
  since: string,
  json: boolean,
): Promise<number> {
  if (Number.isNaN(Date.parse(since))) throw new Error(`--since ${since} is not an ISO time`);
  const started = performance.now();
  const report = await auditLedgerSince(ctx, new Date(since).toISOString());
  const elapsedMs = Math.round(performance.now() - started);
  if (json) {
    const heapUsedMb = Math.round(process.memoryUsage().heapUsed / 2 ** 20);
    console.info(JSON.stringify({ where, ...report, elapsedMs, heapUsedMb }));
    return report.ok ? 0 : 1;
  }
  console.info(`DasWos Coins incremental ledger audit since ${report.since} — ${where}`);
  console.info(
    `  ${report.walletsVerified} wallets verified (${report.fromCheckpoint} from their checkpoint), ` +
      `${report.recordsReplayed} records replayed, ` +
      `minted ${report.mintedAmount} of ${report.totalAmount}, ${elapsedMs} ms; next: --since ${report.checkpoint}`,
  );
  for (const breach of report.breaches) console.error(`  - ${breach}`);
  console.info(report.ok ? '  OK: every invariant it checks holds' : '  BREACHED');
  return report.ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const missing = error instanceof Error && error.name === 'ResourceNotFoundException';
    console.error(
      'The audit could not run:',
      missing
        ? 'no ledger tables here (run npm start once to create them)'
        : error instanceof Error
          ? error.message
          : error,
    );
    process.exit(2);
  },
);
