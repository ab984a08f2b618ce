import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { withRetry } from '#shared/dynamo/retry';
import type { LedgerContext } from '#shared/ledger/context';

/**
 * Postings are timestamped by their writer's clock just before they commit; a record older than
 * this when it commits (a stalled writer) could slip behind a checkpoint. Every function that
 * writes records is an API route, which ends within 29 s, so five minutes leaves a wide margin
 * (test/infra/scheduled-audit.test.ts holds every such function's timeout under half of it).
 */
export const CHECKPOINT_MARGIN_MS = 5 * 60_000;

/** The checkpoint an audit starting now hands on: its start, less the margin. */
export const checkpointFromNow = (marginMs = CHECKPOINT_MARGIN_MS) =>
  new Date(Date.now() - marginMs).toISOString();

/**
 * What an audit established about a wallet's records, so the next audit replays only the records
 * after `cut` instead of the wallet's whole history: the reserve's shards and a busy user carry
 * every posting they ever took part in.
 *
 * Every figure is a sum of records, which are written once and never change; none is copied from
 * the wallet. `cut` lies CHECKPOINT_MARGIN_MS before the audit's start, so every record timestamped
 * before it had committed when the audit read the wallet's history (the margin is the one the
 * incremental audit's own checkpoint relies on), and no later posting adds to what it sums.
 */
export interface WalletCheckpoint {
  /** An ISO time: the records summed are those whose `history_key` sorts below it. */
  readonly cut: string;
  /** The wallet's credits less its debits, over those records. */
  readonly recordsNet: number;
  /** Whether one of them is a clawback (which may leave a wallet below zero). */
  readonly clawedBack: boolean;
}

interface WalletCheckpointItem {
  readonly id: string;
  readonly cut: string;
  readonly records_net: number;
  readonly clawed_back: boolean;
  readonly written_at: string;
}

const walletKey = (walletId: string) => `wallet#${walletId}`;
const LEDGER_KEY = 'ledger';

async function getAuditItem<T>(ctx: LedgerContext, id: string): Promise<T | undefined> {
  const result = await withRetry(
    () =>
      ctx.db.send(
        new GetCommand({ TableName: ctx.tables.audit, Key: { id }, ConsistentRead: true }),
      ),
    ctx.retryPolicy,
    ctx.onRetry,
  );
  return result.Item as T | undefined;
}

/**
 * Writes `item` unless the stored one is at least as far along (`field` no smaller): two audits
 * that overlap never move a checkpoint back. Losing that race is not an error.
 */
async function putIfLater(
  ctx: LedgerContext,
  item: Record<string, unknown> & { readonly id: string },
  field: string,
): Promise<void> {
  try {
    await withRetry(
      () =>
        ctx.db.send(
          new PutCommand({
            TableName: ctx.tables.audit,
            Item: item,
            ConditionExpression: 'attribute_not_exists(id) OR #field < :value',
            ExpressionAttributeNames: { '#field': field },
            ExpressionAttributeValues: { ':value': item[field] },
          }),
        ),
      ctx.retryPolicy,
      ctx.onRetry,
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

export async function readWalletCheckpoint(
  ctx: LedgerContext,
  walletId: string,
): Promise<WalletCheckpoint | undefined> {
  const item = await getAuditItem<WalletCheckpointItem>(ctx, walletKey(walletId));
  return item && { cut: item.cut, recordsNet: item.records_net, clawedBack: item.clawed_back };
}

export async function saveWalletCheckpoint(
  ctx: LedgerContext,
  walletId: string,
  checkpoint: WalletCheckpoint,
): Promise<void> {
  const item: WalletCheckpointItem = {
    id: walletKey(walletId),
    cut: checkpoint.cut,
    records_net: checkpoint.recordsNet,
    clawed_back: checkpoint.clawedBack,
    written_at: ctx.now().toISOString(),
  };
  await putIfLater(ctx, { ...item }, 'cut');
}

/** Where the next incremental audit starts: the checkpoint of the last audit that passed. */
export async function readLedgerCheckpoint(ctx: LedgerContext): Promise<string | undefined> {
  return (await getAuditItem<{ since: string }>(ctx, LEDGER_KEY))?.since;
}

export async function saveLedgerCheckpoint(ctx: LedgerContext, since: string): Promise<void> {
  await putIfLater(ctx, { id: LEDGER_KEY, since, written_at: ctx.now().toISOString() }, 'since');
}
