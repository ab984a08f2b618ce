import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { auditLedgerSince, type IncrementalAuditReport } from '#shared/audit/audit-incremental';
import { type AuditReport, auditLedger } from '#shared/audit/audit-ledger';
import type { HoldItem } from '#shared/holds/hold';
import type { LedgerContext } from '#shared/ledger/context';
import { createLedger } from '#shared/ledger/ledger';
import { purchaseTransactionId } from '#shared/ledger/purchases';
import type { TransactionRecord } from '#shared/ledger/transaction';
import { reserveShardId } from '#shared/reserve/reserve-ids';
import { formatLoadReport, type LoadReport, runLoadAndFaults } from '#test/load/load-and-fault';

/**
 * The audit runs while the load-and-fault workload (32 requests in flight: transfers, gives,
 * spends, holds and their captures and voids, purchases, with injected DynamoDB faults) writes
 * the ledger. It must report nothing that is not there, and still name every real breach that
 * is planted while the load runs. The planted breaches are on two wallets the workload never
 * touches (and on a reserve shard, which every mint and spend of it may write).
 */
const QUIET_A = 'audit-quiet-a';
const QUIET_B = 'audit-quiet-b';
/** `npm test` runs a short version; `npm run test:audit-load` the issue's 20 audits. */
const CLEAN_AUDITS = Number(process.env.AUDIT_UNDER_LOAD_AUDITS ?? 5);

interface Audited {
  readonly report: AuditReport;
  /** The workload was still running when the audit finished. */
  readonly underLoad: boolean;
}

interface Plant {
  readonly name: string;
  /** Breaks the ledger; returns how to mend it. */
  readonly apply: (ctx: LedgerContext) => Promise<() => Promise<void>>;
}

const addToItem = (
  ctx: LedgerContext,
  table: string,
  key: Record<string, string>,
  attribute: string,
  delta: number,
) =>
  ctx.db.send(
    new UpdateCommand({
      TableName: table,
      Key: key,
      UpdateExpression: `SET ${attribute} = ${attribute} + :delta`,
      ExpressionAttributeValues: { ':delta': delta },
    }),
  );

const PLANTS: readonly Plant[] = [
  {
    name: 'a coin added to a wallet without a record',
    apply: async (ctx) => {
      await addToItem(ctx, ctx.tables.wallets, { user_id: QUIET_A }, 'balance', 1);
      return async () => {
        await addToItem(ctx, ctx.tables.wallets, { user_id: QUIET_A }, 'balance', -1);
      };
    },
  },
  {
    name: 'a record without its balance change',
    apply: async (ctx) => {
      const timestamp = new Date().toISOString();
      const record: TransactionRecord = {
        transaction_id: 'transfer_planted',
        from_user_id: QUIET_A,
        to_user_id: QUIET_B,
        amount: 5,
        transaction_type: 'transfer',
        timestamp,
        history_key: `${timestamp}#transfer_planted`,
        request_hash: 'planted',
      };
      await ctx.db.send(new PutCommand({ TableName: ctx.tables.transactions, Item: record }));
      return async () => {
        await ctx.db.send(
          new DeleteCommand({
            TableName: ctx.tables.transactions,
            Key: { transaction_id: record.transaction_id },
          }),
        );
      };
    },
  },
  {
    name: 'a coin taken from a wallet without a record, below zero',
    apply: async (ctx) => {
      await addToItem(ctx, ctx.tables.wallets, { user_id: QUIET_B }, 'balance', -3);
      return async () => {
        await addToItem(ctx, ctx.tables.wallets, { user_id: QUIET_B }, 'balance', 3);
      };
    },
  },
  {
    // Two purchase postings of one session, each with its balance changes (the shard's debit
    // and the buyer's credit): every wallet agrees with its records; only the session does not.
    // The first is the session's own crediting (the id fulfilment derives from it), the second
    // a posting that credits it again.
    name: 'a Checkout Session credited twice',
    apply: async (ctx) => {
      const shard = { user_id: reserveShardId(1) };
      const records = [purchaseTransactionId('cs_planted'), 'purchase_planted_2'].map((id) => {
        const timestamp = new Date().toISOString();
        return {
          transaction_id: id,
          from_user_id: shard.user_id,
          to_user_id: QUIET_B,
          amount: 5,
          transaction_type: 'purchase',
          reference_id: 'cs_planted',
          timestamp,
          history_key: `${timestamp}#${id}`,
          request_hash: 'planted',
        } satisfies TransactionRecord;
      });
      for (const record of records) {
        await ctx.db.send(new PutCommand({ TableName: ctx.tables.transactions, Item: record }));
      }
      await addToItem(ctx, ctx.tables.wallets, shard, 'balance', -10);
      await addToItem(ctx, ctx.tables.wallets, { user_id: QUIET_B }, 'balance', 10);
      return async () => {
        await addToItem(ctx, ctx.tables.wallets, { user_id: QUIET_B }, 'balance', -10);
        await addToItem(ctx, ctx.tables.wallets, shard, 'balance', 10);
        for (const record of records) {
          await ctx.db.send(
            new DeleteCommand({
              TableName: ctx.tables.transactions,
              Key: { transaction_id: record.transaction_id },
            }),
          );
        }
      };
    },
  },
  {
    // Coins invented inside the reserve: balance and base together, so the shard's own replay
    // agrees; only the bases' sum against what the root handed over can tell.
    name: 'reserve drift',
    apply: async (ctx) => {
      const shard = { user_id: reserveShardId(0) };
      await addToItem(ctx, ctx.tables.wallets, shard, 'balance', 7);
      await addToItem(ctx, ctx.tables.wallets, shard, 'base_balance', 7);
      return async () => {
        await addToItem(ctx, ctx.tables.wallets, shard, 'balance', -7);
        await addToItem(ctx, ctx.tables.wallets, shard, 'base_balance', -7);
      };
    },
  },
  {
    name: 'a hold whose coins are neither held nor settled',
    apply: async (ctx) => {
      const now = new Date();
      const hold: HoldItem = {
        hold_id: 'hold_planted',
        user_id: QUIET_A,
        amount: 25,
        feature: 'planted',
        status: 'held',
        created_at: now.toISOString(),
        expires_at: new Date(now.getTime() + 86_400_000).toISOString(),
        client_id: 'planted',
        request_hash: 'planted',
        history_key: `${now.toISOString()}#hold_planted`,
        sweep_bucket: 'held#0',
      };
      await ctx.db.send(new PutCommand({ TableName: ctx.tables.holds, Item: hold }));
      return async () => {
        await ctx.db.send(
          new DeleteCommand({ TableName: ctx.tables.holds, Key: { hold_id: hold.hold_id } }),
        );
      };
    },
  },
];

describe('the ledger audit under live load', () => {
  const clean: Audited[] = [];
  const planted = new Map<string, Audited>();
  const incrementals: { report: IncrementalAuditReport; underLoad: boolean }[] = [];
  let load: LoadReport;

  beforeAll(
    async () => {
      // The load stops once the audits are done: the operations are only an upper bound, 4,000
      // per audit (a full audit with its checkpoints and an incremental one take ~1,500 on two
      // busy cores).
      load = await runLoadAndFaults({
        seed: 17,
        operations: 4_000 * CLEAN_AUDITS,
        inFlight: 32,
        faultRate: 0.1,
        alongside: async ({ ctx, running }) => {
          const ledger = createLedger(ctx);
          await ledger.createWallet(QUIET_A);
          await ledger.createWallet(QUIET_B);
          await ledger.mint({
            to: QUIET_A,
            amount: 100,
            type: 'giveaway',
            description: 'load funding',
          });
          for (const plant of PLANTS) {
            const mend = await plant.apply(ctx);
            const report = await auditLedger(ctx);
            planted.set(plant.name, { report, underLoad: running() });
            await mend();
          }
          // Mended, the ledger audits clean again, audit after audit, while the load goes on; after
          // each full audit an incremental one, over what moved since the one before.
          // Both write their wallets' checkpoints, as the scheduled audit does, so each incremental
          // audit replays wallets from the checkpoints of the audits before it. The margin: a minute,
          // over the ~10 s a posting here can spend between its timestamp and its commit.
          const checkpoints = { saveCheckpoints: true, checkpointMarginMs: 60_000 };
          let since = new Date().toISOString();
          while (clean.length < CLEAN_AUDITS && running()) {
            const started = new Date().toISOString();
            const report = await auditLedger(ctx, checkpoints);
            clean.push({ report, underLoad: running() });
            const incremental = await auditLedgerSince(ctx, since, checkpoints);
            incrementals.push({ report: incremental, underLoad: running() });
            since = started;
          }
        },
      });
      console.info(
        `audits under load: ${clean.length} clean-run audits, ` +
          `unsettled wallets per audit ${clean.map((a) => a.report.unsettled.length).join(',')}, ` +
          `re-checked wallets ${clean.map((a) => a.report.rechecked.wallets).join(',')}, ` +
          `dismissed cross-table breaches ${clean.map((a) => a.report.rechecked.dismissedCapabilityBreaches).join(',')}, ` +
          `incremental audits ${incrementals.map((a) => `${a.report.recordsReplayed} records/${a.report.walletsVerified} wallets (${a.report.fromCheckpoint} from checkpoints)`).join(',')}\n${formatLoadReport(load)}`,
      );
    },
    120_000 + CLEAN_AUDITS * 90_000,
  );

  it(`reports no breach in ${CLEAN_AUDITS} audits while 32 requests are in flight`, () => {
    expect(clean.filter((audit) => audit.underLoad).length).toBeGreaterThanOrEqual(CLEAN_AUDITS);
    expect(clean.flatMap((audit) => audit.report.breaches)).toEqual([]);
    // The load did catch audits mid-operation (what a one-pass audit would have reported).
    const rechecks = clean.map(
      ({ report }) => report.rechecked.wallets + report.rechecked.dismissedCapabilityBreaches,
    );
    expect(rechecks.some((count) => count > 0)).toBe(true);
    expect(load.audit.breaches).toEqual([]);
    expect(incrementals.flatMap((audit) => audit.report.breaches)).toEqual([]);
    expect(incrementals.some((audit) => audit.underLoad && audit.report.recordsReplayed > 0)).toBe(
      true,
    );
    expect(incrementals.some((audit) => audit.report.fromCheckpoint > 0)).toBe(true);
    expect(load.lost).toBe(0);
    expect(load.doubled).toBe(0);
  });

  it('names a coin added to a wallet without a record (item, found, expected)', () => {
    const audit = planted.get('a coin added to a wallet without a record');
    expect(audit?.underLoad).toBe(true);
    expect(audit?.report.breaches).toEqual([
      `wallet ${QUIET_A}: balance 101, its history gives 100`,
    ]);
  });

  it('names both wallets of a record written without its balance change', () => {
    const audit = planted.get('a record without its balance change');
    expect(audit?.underLoad).toBe(true);
    expect([...(audit?.report.breaches ?? [])].sort()).toEqual([
      `wallet ${QUIET_A}: balance 100, its history gives 95`,
      `wallet ${QUIET_B}: balance 0, its history gives 5`,
    ]);
  });

  it('names coins that appeared inside the DASWOS AI reserve', () => {
    const audit = planted.get('reserve drift');
    expect(audit?.underLoad).toBe(true);
    const [breach, ...others] = audit?.report.breaches ?? [];
    expect(others).toEqual([]);
    const [, bases, moved] =
      /^reserve: the shards' bases sum to (\d+), the root moved (\d+) to them$/.exec(
        breach ?? '',
      ) ?? [];
    expect(Number(bases) - Number(moved)).toBe(7);
  });

  it('names a coin taken without a record, and the balance below zero no clawback explains', () => {
    const audit = planted.get('a coin taken from a wallet without a record, below zero');
    expect(audit?.underLoad).toBe(true);
    expect([...(audit?.report.breaches ?? [])].sort()).toEqual([
      `wallet ${QUIET_B}: balance -3 is below zero without a clawback`,
      `wallet ${QUIET_B}: balance -3, its history gives 0`,
    ]);
  });

  it('names a Checkout Session credited twice, with both of its transactions', () => {
    const audit = planted.get('a Checkout Session credited twice');
    expect(audit?.underLoad).toBe(true);
    expect(audit?.report.breaches).toEqual([
      `checkout session cs_planted credited 2 times: ${[purchaseTransactionId('cs_planted'), 'purchase_planted_2'].sort().join(', ')}`,
    ]);
  });

  it('names a hold whose coins are neither held nor settled', () => {
    const audit = planted.get('a hold whose coins are neither held nor settled');
    expect(audit?.underLoad).toBe(true);
    expect(audit?.report.breaches).toEqual([`wallet ${QUIET_A}: held 0, its held holds sum to 25`]);
  });
});
