import { startDynamoDbLocal } from '#infra/local/dynamodb-local';
import { startLocalSystem } from '#infra/local/local-system';
import { defaultLedger } from '#shared/ledger/ledger';
import { measureBatchGive } from './batch-give-throughput';
import { machine } from './report';

/**
 * `npm run bench:batch [-- --grants N] [--rounds R]`: POST /give/batch's grants per second on a
 * fresh DynamoDB Local (by default 3 batches of 1,000), without the whole bench around it.
 */
const args = process.argv.slice(2);
const option = (name: string, fallback: number) =>
  args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback;

async function main(): Promise<void> {
  const grants = option('--grants', 1_000);
  // One-coin grants: a batch of N totals N, which must stay within the approval threshold.
  process.env.GIVE_APPROVAL_THRESHOLD ??= String(grants);
  process.env.POWERTOOLS_LOG_LEVEL ??= 'INFO';
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const dynamo = await startDynamoDbLocal();
  const system = await startLocalSystem({
    port: 0,
    dynamoEndpoint: dynamo.endpoint,
    tablePrefix: 'bench_batch_',
  });
  try {
    const figures = await measureBatchGive({
      apiUrl: system.url,
      adminToken: await system.cognito.issueToken({ sub: 'bench-admin', groups: ['admin'] }),
      ledger: defaultLedger(),
      grants,
      rounds: option('--rounds', 3),
    });
    console.info(JSON.stringify({ batchGive: figures, machine: machine() }, null, 2));
  } finally {
    await system.stop();
    await dynamo.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
