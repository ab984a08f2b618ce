import { PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import {
  readLedgerCheckpoint,
  readWalletCheckpoint,
  saveLedgerCheckpoint,
  saveWalletCheckpoint,
} from '#shared/audit/audit-checkpoints';
import { auditLedgerSince } from '#shared/audit/audit-incremental';
import { auditLedger } from '#shared/audit/audit-ledger';
import { createTestLedger, fundedUsers, type TestLedger } from '#test/support/ledger-fixture';
import { plantRecord } from '#test/support/planted-records';

const settle = { settleDelaysMs: [20, 300, 300] };
const TEN_MINUTES = 10 * 60_000;

describe('audit checkpoints', () => {
  let t: TestLedger;
  /** The ledger's clock runs this far from the real one: postings "from ten minutes ago". */
  let clockOffsetMs: number;

  beforeEach(async () => {
    clockOffsetMs = -TEN_MINUTES;
    t = await createTestLedger({
      totalAmount: 1_000_000,
      reserveShards: 4,
      now: () => new Date(Date.now() + clockOffsetMs),
    });
    await fundedUsers(t, { carol: 100, dave: 0 });
    await t.ledger.transfer({ from: 'carol', to: 'dave', amount: 10 });
    clockOffsetMs = 0;
  });

  afterEach(async () => {
    await t.destroy();
  });

  const checkpointItems = async () =>
    (await t.db.send(new ScanCommand({ TableName: t.tables.audit }))).Items ?? [];

  it('replays a wallet from the checkpoint the full audit left, not from its first record', async () => {
    const full = await auditLedger(t.ledger.context, { ...settle, saveCheckpoints: true });
    const since = new Date().toISOString();
    await t.ledger.transfer({ from: 'carol', to: 'dave', amount: 5 });

    const report = await auditLedgerSince(t.ledger.context, since, settle);

    expect(full.ok).toBe(true);
    expect(await readWalletCheckpoint(t.ledger.context, 'carol')).toMatchObject({
      recordsNet: 90,
      clawedBack: false,
    });
    // The one record since, read from its two sides; the funding and first transfer are summed.
    expect(report).toMatchObject({
      ok: true,
      walletsVerified: 2,
      fromCheckpoint: 2,
      recordsReplayed: 2,
    });
  });

  it('still names a coin added to a wallet replayed from its checkpoint', async () => {
    await auditLedger(t.ledger.context, { ...settle, saveCheckpoints: true });
    const since = new Date().toISOString();
    await t.ledger.transfer({ from: 'carol', to: 'dave', amount: 5 });
    const dave = { user_id: 'dave', balance: 16, last_updated: new Date().toISOString() };
    await t.db.send(new PutCommand({ TableName: t.tables.wallets, Item: dave }));

    const report = await auditLedgerSince(t.ledger.context, since, settle);

    expect(report.breaches).toEqual(['wallet dave: balance 16, its history gives 15']);
    expect(report.fromCheckpoint).toBe(2);
  });

  it('hands on the incremental audit’s own checkpoints, and none for a breached wallet', async () => {
    const since = new Date().toISOString();
    await t.ledger.transfer({ from: 'carol', to: 'dave', amount: 5 });
    const dave = { user_id: 'dave', balance: 16, last_updated: new Date().toISOString() };
    await t.db.send(new PutCommand({ TableName: t.tables.wallets, Item: dave }));

    const report = await auditLedgerSince(t.ledger.context, since, {
      ...settle,
      saveCheckpoints: true,
    });

    expect(report.ok).toBe(false);
    expect(await readWalletCheckpoint(t.ledger.context, 'carol')).toEqual({
      cut: report.checkpoint,
      recordsNet: 90,
      clawedBack: false,
    });
    expect(await readWalletCheckpoint(t.ledger.context, 'dave')).toBeUndefined();
  });

  it('leaves a record planted below a checkpoint to the full audit', async () => {
    await auditLedger(t.ledger.context, { ...settle, saveCheckpoints: true });
    const since = new Date().toISOString();
    await plantRecord(t, {
      transaction_id: 'transfer_backdated',
      from_user_id: 'carol',
      to_user_id: 'dave',
      amount: 3,
      timestamp: new Date(Date.now() - TEN_MINUTES).toISOString(),
    });
    await t.ledger.transfer({ from: 'carol', to: 'dave', amount: 1 });

    const incremental = await auditLedgerSince(t.ledger.context, since, settle);
    const full = await auditLedger(t.ledger.context, settle);

    expect(incremental.ok).toBe(true);
    expect([...full.breaches].sort()).toEqual([
      'wallet carol: balance 89, its history gives 86',
      'wallet dave: balance 11, its history gives 14',
    ]);
  });

  it('are written only when asked for', async () => {
    await auditLedger(t.ledger.context, settle);
    await auditLedgerSince(t.ledger.context, new Date(0).toISOString(), settle);

    expect(await checkpointItems()).toEqual([]);
  });

  it('never move back when two audits overlap', async () => {
    const ctx = t.ledger.context;
    const later = { cut: '2026-11-30T12:00:00.000Z', recordsNet: 90, clawedBack: false };
    const earlier = { cut: '2026-11-30T11:00:00.000Z', recordsNet: 100, clawedBack: true };

    await saveWalletCheckpoint(ctx, 'carol', later);
    await saveWalletCheckpoint(ctx, 'carol', earlier);
    await saveLedgerCheckpoint(ctx, later.cut);
    await saveLedgerCheckpoint(ctx, earlier.cut);

    expect(await readWalletCheckpoint(ctx, 'carol')).toEqual(later);
    expect(await readLedgerCheckpoint(ctx)).toBe(later.cut);
  });
});
