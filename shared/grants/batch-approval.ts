import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { adminActionWrite } from '#shared/admin/actions';
import { listNewestFirst } from '#shared/admin/admin-list';
import {
  GrantExpiredError,
  GrantNotFoundError,
  GrantNotPendingError,
  SelfApprovalForbiddenError,
} from '#shared/admin/errors';
import { withRetry } from '#shared/dynamo/retry';
import type { BatchGrantResult } from '#shared/grants/batch-grant';
import {
  type BatchGrant,
  type BatchStatus,
  type BatchView,
  batchKey,
  batchList,
  GIVE_BATCH_KIND,
  type GiveBatchItem,
  grantsOf,
  isBatchExpired,
  toBatchView,
} from '#shared/grants/batch-items';
import { settleBatch } from '#shared/grants/batch-settle';
import { assertWithinDailyLimit, giveCapWrite, utcDay } from '#shared/grants/daily-cap';
import { statusListQuery } from '#shared/grants/grant-items';
import type { GiveSettings } from '#shared/grants/settings';
import type { LedgerContext } from '#shared/ledger/context';
import type { CompanionWrite } from '#shared/ledger/post-transaction';
import { assertDescription } from '#shared/ledger/rules';

export interface BatchApprovalResult {
  readonly batch: BatchView;
  readonly results: readonly BatchGrantResult[];
  /** True when the batch had been approved before: this call only finished or replayed it. */
  readonly replayed: boolean;
}

/**
 * A second admin approves a pending batch: ONE TransactWriteItems flips it pending -> approved
 * (conditioned on pending and unexpired), reserves its whole total on the REQUESTER's daily
 * counter for today (conditioned on the limit) and logs the approval; then its grants are settled
 * exactly as an unreviewed batch's (batch-settle.ts). However many admins approve at once, one
 * flip commits; the others find the batch approved and settle with it, so every grant is given
 * once. Approving an approved batch again finishes what a crash left and replays the rest.
 *
 * The batch is read first for who asked (written once, never changed): the four-eyes check on
 * that read is final. Whether it may still be approved is decided only by the conditions.
 */
export async function approveBatch(
  ctx: LedgerContext,
  settings: GiveSettings,
  request: { approverId: string; batchId: string; deadline?: Date | undefined },
): Promise<BatchApprovalResult> {
  const { approverId, batchId } = request;
  const item = await readBatchItem(ctx, batchId);
  if (item.admin_id === approverId) throw new SelfApprovalForbiddenError();

  const { batch, replayed } =
    item.status === 'approved'
      ? { batch: item, replayed: true }
      : await decideApproval(ctx, settings, item, approverId);
  const results = await settleBatch(ctx, batch, request.deadline);
  return { batch: toBatchView(batch, ctx.now()), results, replayed };
}

const BATCH_ITEM = 0;
const DAILY_COUNTER = 1;

async function decideApproval(
  ctx: LedgerContext,
  settings: GiveSettings,
  item: GiveBatchItem,
  approverId: string,
): Promise<{ batch: GiveBatchItem; replayed: boolean }> {
  // Only a new reservation is held to today's limit: an approved batch is finished whatever the
  // settings say now.
  assertWithinDailyLimit(item.total, settings.dailyLimitPerAdmin);
  const now = ctx.now();
  const at = now.toISOString();
  const approved: GiveBatchItem = {
    ...item,
    status: 'approved',
    day: utcDay(now),
    decided_by: approverId,
    decided_at: at,
    list: batchList('approved'),
  };
  const counter = giveCapWrite(ctx, {
    adminId: item.admin_id,
    amount: item.total,
    at: now,
    limit: settings.dailyLimitPerAdmin,
  });
  const log = adminActionWrite(ctx, {
    actionId: `approve_${item.batch_id}`,
    adminId: approverId,
    action: 'batch_approved',
    amount: item.total,
    grantId: item.batch_id,
    at,
  });
  try {
    await send(ctx, [
      decisionUpdate(ctx, item.batch_id, approved, { expiryCondition: true, now }),
      counter.write,
      log.write,
    ]);
    return { batch: approved, replayed: false };
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    const reasons = error.CancellationReasons ?? [];
    const batch = reasons[BATCH_ITEM];
    if (batch?.Code === 'ConditionalCheckFailed') {
      const old = batch.Item ? (unmarshall(batch.Item as never) as GiveBatchItem) : undefined;
      // Approved meanwhile by another admin: settle with the batch as they approved it.
      if (old?.status === 'approved') return { batch: old, replayed: true };
      throw explainUndecidable(old, item.batch_id, now);
    }
    if (reasons[DAILY_COUNTER]?.Code === 'ConditionalCheckFailed') throw counter.explain(undefined);
    throw error;
  }
}

/**
 * Closes a pending (or expired) batch without giving anything, and logs who and why, in one
 * TransactWriteItems conditioned on the batch still being pending. The requester may withdraw
 * their own.
 */
export async function rejectBatch(
  ctx: LedgerContext,
  request: { adminId: string; batchId: string; reason?: string | undefined },
): Promise<BatchView> {
  const { adminId, batchId, reason } = request;
  assertDescription(reason);
  const item = await readBatchItem(ctx, batchId);
  const now = ctx.now();
  const at = now.toISOString();
  const rejected: GiveBatchItem = {
    ...item,
    status: 'rejected',
    decided_by: adminId,
    decided_at: at,
    list: batchList('rejected'),
  };
  try {
    await send(ctx, [
      decisionUpdate(ctx, batchId, rejected, { expiryCondition: false, now }),
      adminActionWrite(ctx, {
        actionId: `reject_${batchId}`,
        adminId,
        action: 'batch_rejected',
        amount: item.total,
        grantId: batchId,
        at,
        ...(reason === undefined ? {} : { reason }),
      }).write,
    ]);
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    const [failed] = error.CancellationReasons ?? [];
    if (failed?.Code !== 'ConditionalCheckFailed') throw error;
    const old = failed.Item ? (unmarshall(failed.Item as never) as GiveBatchItem) : undefined;
    throw explainUndecidable(old, batchId, now);
  }
  return toBatchView(rejected, now);
}

/** The status change of a decision, conditioned on the batch still waiting (and, to approve it, unexpired). */
function decisionUpdate(
  ctx: LedgerContext,
  batchId: string,
  decided: GiveBatchItem,
  options: { expiryCondition: boolean; now: Date },
): CompanionWrite['write'] {
  return {
    Update: {
      TableName: ctx.tables.admin,
      Key: batchKey(batchId),
      UpdateExpression: `SET #status = :status, #list = :list, decided_by = :by, decided_at = :at${decided.day === undefined ? '' : ', #day = :day'}`,
      ConditionExpression: `#status = :pending${options.expiryCondition ? ' AND expires_at > :now' : ''}`,
      ExpressionAttributeNames: {
        '#status': 'status',
        '#list': 'list',
        ...(decided.day === undefined ? {} : { '#day': 'day' }),
      },
      ExpressionAttributeValues: {
        ':status': decided.status,
        ':pending': 'pending_approval',
        ':list': decided.list,
        ':by': decided.decided_by,
        ':at': decided.decided_at,
        ...(decided.day === undefined ? {} : { ':day': decided.day }),
        ...(options.expiryCondition ? { ':now': options.now.toISOString() } : {}),
      },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    },
  };
}

function explainUndecidable(old: GiveBatchItem | undefined, batchId: string, now: Date): Error {
  if (!old) return new GrantNotFoundError(batchId);
  if (old.status === 'pending_approval' && isBatchExpired(old, now)) return new GrantExpiredError();
  return new GrantNotPendingError(toBatchView(old, now).status);
}

async function send(
  ctx: LedgerContext,
  items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>,
) {
  await withRetry(
    () => ctx.db.send(new TransactWriteCommand({ TransactItems: items })),
    ctx.retryPolicy,
    ctx.onRetry,
  );
}

export async function readBatchItem(ctx: LedgerContext, batchId: string): Promise<GiveBatchItem> {
  const { Item } = await withRetry(
    () =>
      ctx.db.send(
        new GetCommand({
          TableName: ctx.tables.admin,
          Key: batchKey(batchId),
          ConsistentRead: true,
        }),
      ),
    ctx.retryPolicy,
    ctx.onRetry,
  );
  if (Item?.kind !== GIVE_BATCH_KIND) throw new GrantNotFoundError(batchId);
  return Item as GiveBatchItem;
}

/**
 * Batches of one status, newest first, each with its grants: what the reviewer approves. Pending
 * and expired share the stored status.
 */
export async function listBatches(
  ctx: LedgerContext,
  options: { status: BatchStatus; limit?: number | undefined; cursor?: string | undefined },
): Promise<{ batches: (BatchView & { grants: BatchGrant[] })[]; nextCursor: string | null }> {
  const now = ctx.now();
  const { stored, filter } = statusListQuery(options.status, now);
  const page = await listNewestFirst<GiveBatchItem>(ctx, batchList(stored), {
    limit: options.limit,
    cursor: options.cursor,
    ...(filter ? { filter } : {}),
  });
  return {
    batches: page.items.map((item) => ({ ...toBatchView(item, now), grants: grantsOf(item) })),
    nextCursor: page.nextCursor,
  };
}
