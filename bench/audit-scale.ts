import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { startDynamoDbLocal } from '#infra/local/dynamodb-local';
import { adminActionWrite } from '#shared/admin/actions';
import { checkpointFromNow, saveWalletCheckpoint } from '#shared/audit/audit-checkpoints';
import { auditLedgerSince } from '#shared/audit/audit-incremental';
import { auditLedger } from '#shared/audit/audit-ledger';
import { inParallel } from '#shared/audit/audit-pages';
import { createDocumentClient } from '#shared/dynamo/client';
import { createTables } from '#shared/dynamo/create-tables';
import { createLedgerContext, type LedgerContext } from '#shared/ledger/context';
import { SYSTEM_USER_ID } from '#shared/ledger/rules';
import type { TransactionRecord } from '#shared/ledger/transaction';
import { SUPPLY_ROW_ID } from '#shared/reserve/reserve';
import { DEFAULT_RESERVE_SHARDS, reserveShardIds } from '#shared/reserve/reserve-ids';
import { seedLedger } from '#shared/reserve/seed-reserve';
import { tableNamesFromEnv } from '#shared/tables';
import { seededRandom } from '#test/support/seeded-random';

/**
 * The full audit's time and heap over a bulk-loaded synthetic ledger on DynamoDB Local (on disk):
 * `--wallets` users funded by one giveaway each, then transfers between them up to
 * `--transactions` records (`--giveaway-share` of them further mints of `--minted-kind`: giveaways,
 * which the cross-table checks keep in memory, or purchases or rewards, which they check by key),
 * written with BatchWriteItem (the ledger's own postings would take hours at this size), balances
 * as the records say. Then one `auditLedger` (writing the wallets' checkpoints), with the heap
 * sampled every 20 ms, and with `--incremental N` N more postings and one incremental audit.
 * Usage: npx tsx bench/audit-scale.ts --transactions 100000 --wallets 1000 [--giveaway-share 0.1]
 * [--minted-kind purchase] [--in-memory] (DynamoDB Local without its disk: loads faster)
 */
const { values } = parseArgs({
  options: {
    transactions: { type: 'string', default: '100000' },
    wallets: { type: 'string', default: '1000' },
    'giveaway-share': { type: 'string', default: '0' },
    /**
     * The type of those minted records: `giveaway` (joined in memory with the admin table) or
     * `purchase` / `reward` (each checked by key as it streams past).
     */
    'minted-kind': { type: 'string', default: 'giveaway' },
    'in-memory': { type: 'boolean', default: false },
    /**
     * Then this many more postings (transfers, and giveaways from the reserve shards at
     * --giveaway-share), timestamped now, and one incremental audit over them.
     */
    incremental: { type: 'string', default: '0' },
    /** Skip the full audit (to measure only the incremental one on a large ledger). */
    'skip-full': { type: 'boolean', default: false },
    /**
     * With --skip-full: write the checkpoint a passing full audit would leave for each user
     * (their records, all older than the cut, net to their balance), instead of running one.
     */
    'synthetic-checkpoints': { type: 'boolean', default: false },
  },
});
const transactionCount = Number(values.transactions);
const walletCount = Number(values.wallets);
/** Share of the records after the funding that are giveaways (kept in memory by the audit). */
const giveawayShare = Number(values['giveaway-share']);
const MINTED_KINDS = ['giveaway', 'purchase', 'reward'] as const;
type MintedKind = (typeof MINTED_KINDS)[number];
const mintedKind = values['minted-kind'] as MintedKind;
if (!MINTED_KINDS.includes(mintedKind)) throw new Error(`--minted-kind: one of ${MINTED_KINDS}`);

async function writeAll(db: DynamoDBDocumentClient, table: string, items: unknown[]) {
  const batches: unknown[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  await inParallel(batches, 8, async (batch) => {
    let unprocessed = batch.map((Item) => ({ PutRequest: { Item } }));
    while (unprocessed.length > 0) {
      const result = await db.send(
        new BatchWriteCommand({ RequestItems: { [table]: unprocessed as never } }),
      );
      unprocessed = (result.UnprocessedItems?.[table] ?? []) as typeof unprocessed;
    }
  });
}

/** The admin every synthetic give is logged by (no daily counter: days without one are not checked). */
const BENCH_ADMIN = 'bench-admin';

function record(
  n: number,
  type: MintedKind | 'transfer',
  from: string,
  to: string,
  amount: number,
) {
  const transactionId = `${type}_${String(n).padStart(9, '0')}`;
  const timestamp = new Date(Date.UTC(2026, 0, 1) + n * 1_000).toISOString();
  return {
    transaction_id: transactionId,
    from_user_id: from,
    to_user_id: to,
    amount,
    transaction_type: type,
    ...(type === 'purchase' ? { reference_id: `cs_synthetic_${n}` } : {}),
    ...(type === 'reward' ? { reference_id: `synthetic-action/${n}` } : {}),
    timestamp,
    history_key: `${timestamp}#${transactionId}`,
    ...(type === 'giveaway' ? { initiated_by: BENCH_ADMIN } : {}),
    request_hash: 'synthetic',
    description: 'synthetic ledger',
  } satisfies TransactionRecord;
}

/** The admin log entry the give route writes with a giveaway (shared/admin/actions.ts). */
function giveLogEntry(ctx: LedgerContext, tx: TransactionRecord) {
  const { write } = adminActionWrite(ctx, {
    actionId: tx.transaction_id,
    adminId: BENCH_ADMIN,
    action: 'give',
    userId: tx.to_user_id,
    at: tx.timestamp,
    amount: tx.amount,
    transactionId: tx.transaction_id,
  });
  return write.Put?.Item;
}

/** Requests the audits send, by command (Scan, Query, GetItem, PutItem ...), for `measured`. */
const requests = new Map<string, number>();

function countRequests(db: DynamoDBDocumentClient): void {
  db.middlewareStack.add(
    (next, context) => (args) => {
      const name = context.commandName?.replace(/Command$/, '') ?? 'unknown';
      requests.set(name, (requests.get(name) ?? 0) + 1);
      return next(args);
    },
    { step: 'initialize', name: 'countAuditRequests' },
  );
}

/**
 * Runs one audit with the heap sampled every 20 ms: its time, its peak over the baseline, and the
 * requests it sent: what carries over to AWS, where the time per request differs from the
 * emulator's.
 */
async function measured<T>(audit: () => Promise<T>) {
  requests.clear();
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  let peakHeap = heapBefore;
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    const usage = process.memoryUsage();
    peakHeap = Math.max(peakHeap, usage.heapUsed);
    peakRss = Math.max(peakRss, usage.rss);
  }, 20);
  const started = performance.now();
  const result = await audit();
  const auditMs = Math.round(performance.now() - started);
  clearInterval(sampler);
  const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
  return {
    result,
    figures: {
      auditMs,
      heapBeforeMb: mb(heapBefore),
      peakHeapMb: mb(peakHeap),
      peakHeapAboveBaselineMb: mb(peakHeap - heapBefore),
      peakRssMb: mb(peakRss),
      requests: Object.fromEntries([...requests].sort()),
    },
  };
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'daswos-audit-scale-'));
  // In memory, loading is several times faster; the audit then reads from memory too.
  const dynamo = await startDynamoDbLocal({
    ...(values['in-memory'] ? {} : { dataDir }),
    longRunning: true,
  });
  try {
    const tables = tableNamesFromEnv({}, 'scale_');
    const admin = new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    // No streams: the audit reads none, and on DynamoDB Local they slow every request to the
    // holds table in proportion to the records (create-tables.ts), which AWS does not.
    await createTables(admin, tables, { streams: false });
    const db = createDocumentClient({ endpoint: dynamo.endpoint });
    const ctx = createLedgerContext({ db, tables });
    countRequests(db);
    const loadStarted = performance.now();
    const users = Array.from({ length: walletCount }, (_, i) => `user-${i}`);
    const balances = new Map(users.map((user) => [user, 1_000]));
    let minted = walletCount * 1_000;
    let n = 0;
    // Every user's funding giveaway first, then the draws; written 5,000 records at a time.
    const recordCount = Math.max(transactionCount, walletCount);
    let chunk: TransactionRecord[] = [];
    // mulberry32: the LCG this replaced multiplied past 2^53, lost its low bits and repeated
    // every 10,466 draws, so its "random" transfers touched about 15,000 of 100,000 wallets.
    const random = seededRandom(42);
    while (n < recordCount || chunk.length > 0) {
      while (n < recordCount && chunk.length < 5_000) {
        if (n < walletCount) {
          chunk.push(record(n, 'giveaway', SYSTEM_USER_ID, users[n] as string, 1_000));
          n += 1;
          continue;
        }
        if (random() < giveawayShare) {
          const to = users[Math.floor(random() * walletCount)] as string;
          const amount = 1 + Math.floor(random() * 10);
          balances.set(to, (balances.get(to) ?? 0) + amount);
          minted += amount;
          chunk.push(record(n++, mintedKind, SYSTEM_USER_ID, to, amount));
          continue;
        }
        const from = users[Math.floor(random() * walletCount)] as string;
        let to = users[Math.floor(random() * walletCount)] as string;
        if (to === from) to = users[(users.indexOf(from) + 1) % walletCount] as string;
        const amount = 1 + Math.floor(random() * Math.min(10, balances.get(from) ?? 0));
        if ((balances.get(from) ?? 0) < amount) continue;
        balances.set(from, (balances.get(from) ?? 0) - amount);
        balances.set(to, (balances.get(to) ?? 0) + amount);
        chunk.push(record(n++, 'transfer', from, to, amount));
      }
      await writeAll(db, tables.transactions, chunk);
      // Each give is logged, as the give route logs it: the audit joins the log with the ledger.
      const logged = chunk
        .filter((tx) => tx.transaction_type === 'giveaway')
        .map((tx) => giveLogEntry(ctx, tx));
      if (logged.length > 0) await writeAll(db, tables.admin, logged);
      chunk = [];
    }
    const now = new Date().toISOString();
    await writeAll(
      db,
      tables.wallets,
      users.map((user) => ({ user_id: user, balance: balances.get(user), last_updated: now })),
    );
    const supply = await db.send(
      new BatchWriteCommand({
        RequestItems: {
          [tables.supply]: [
            {
              PutRequest: {
                Item: {
                  id: SUPPLY_ROW_ID,
                  total_amount: 1_000_000_000,
                  minted_amount: minted,
                  creation_date: now,
                },
              },
            },
          ],
          [tables.wallets]: [
            {
              PutRequest: {
                Item: {
                  user_id: SYSTEM_USER_ID,
                  balance: 1_000_000_000 - minted,
                  last_updated: now,
                },
              },
            },
          ],
        },
      }),
    );
    if (Object.keys(supply.UnprocessedItems ?? {}).length > 0)
      throw new Error('supply not written');
    // Written as a ledger seeded before sharding (one DASWOS AI item, minted_amount): the seed
    // moves it into reserve shards, as `npm run seed` does for such a ledger.
    await seedLedger(ctx);
    const loadMs = Math.round(performance.now() - loadStarted);

    console.info(JSON.stringify({ loaded: transactionCount, wallets: walletCount, loadMs }));
    if (!values['skip-full']) {
      // As the daily audit runs it: each verified wallet's checkpoint is written, for the
      // incremental audits that follow.
      const full = await measured(() => auditLedger(ctx, { saveCheckpoints: true }));
      console.info(
        JSON.stringify({
          audit: 'full',
          transactions: full.result.transactions,
          wallets: full.result.wallets,
          ok: full.result.ok,
          breaches: full.result.breaches.slice(0, 5),
          loadMs,
          ...full.figures,
        }),
      );
    }

    if (values['skip-full'] && values['synthetic-checkpoints']) {
      const cut = checkpointFromNow();
      const checkpointsStarted = performance.now();
      await inParallel(users, 16, (user) =>
        saveWalletCheckpoint(ctx, user, {
          cut,
          recordsNet: balances.get(user) ?? 0,
          clawedBack: false,
        }),
      );
      const checkpointsMs = Math.round(performance.now() - checkpointsStarted);
      console.info(JSON.stringify({ syntheticCheckpoints: users.length, checkpointsMs }));
    }

    const more = Number(values.incremental);
    if (more > 0) {
      const since = new Date().toISOString();
      await new Promise((resolve) => setTimeout(resolve, 5));
      // Postings as the ledger writes them: a giveaway debits a random reserve shard, a
      // transfer moves coins between two random users; each moves its wallets' last_updated.
      const shards = reserveShardIds(DEFAULT_RESERVE_SHARDS);
      const moved = new Set<string>();
      const shardDebits = new Map<string, number>();
      const fresh: TransactionRecord[] = [];
      while (fresh.length < more) {
        const stamp = new Date().toISOString();
        if (random() < giveawayShare) {
          const shard = shards[Math.floor(random() * shards.length)] as string;
          const to = users[Math.floor(random() * walletCount)] as string;
          balances.set(to, (balances.get(to) ?? 0) + 1);
          shardDebits.set(shard, (shardDebits.get(shard) ?? 0) + 1);
          moved.add(to);
          fresh.push({ ...record(n++, 'giveaway', shard, to, 1), timestamp: stamp });
          continue;
        }
        const from = users[Math.floor(random() * walletCount)] as string;
        let to = users[Math.floor(random() * walletCount)] as string;
        if (to === from) to = users[(users.indexOf(from) + 1) % walletCount] as string;
        if ((balances.get(from) ?? 0) < 1) continue;
        balances.set(from, (balances.get(from) ?? 0) - 1);
        balances.set(to, (balances.get(to) ?? 0) + 1);
        moved.add(from).add(to);
        fresh.push({ ...record(n++, 'transfer', from, to, 1), timestamp: stamp });
      }
      await writeAll(
        db,
        tables.transactions,
        fresh.map((tx) => ({ ...tx, history_key: `${tx.timestamp}#${tx.transaction_id}` })),
      );
      const stamp = new Date().toISOString();
      await writeAll(
        db,
        tables.wallets,
        [...moved].map((user) => ({
          user_id: user,
          balance: balances.get(user),
          last_updated: stamp,
        })),
      );
      await inParallel([...shardDebits], 8, async ([shard, debit]) => {
        await db.send(
          new UpdateCommand({
            TableName: tables.wallets,
            Key: { user_id: shard },
            UpdateExpression: 'SET balance = balance - :debit, last_updated = :now',
            ExpressionAttributeValues: { ':debit': debit, ':now': stamp },
          }),
        );
      });
      const incremental = await measured(() =>
        auditLedgerSince(ctx, since, { saveCheckpoints: true }),
      );
      console.info(
        JSON.stringify({
          audit: 'incremental',
          newTransactions: fresh.length,
          walletsMoved: moved.size + shardDebits.size,
          walletsVerified: incremental.result.walletsVerified,
          fromCheckpoint: incremental.result.fromCheckpoint,
          recordsReplayed: incremental.result.recordsReplayed,
          ok: incremental.result.ok,
          breaches: incremental.result.breaches.slice(0, 5),
          ...incremental.figures,
        }),
      );
    }
    db.destroy();
    admin.destroy();
  } finally {
    await dynamo.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
