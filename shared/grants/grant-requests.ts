import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { adminActionWrite } from '#shared/admin/actions';
import { listNewestFirst } from '#shared/admin/admin-list';
import { GrantNotFoundError, GrantNotPendingError } from '#shared/admin/errors';
import { withRetry } from '#shared/dynamo/retry';
import { IdempotencyKeyReusedError, UserNotFoundError } from '#shared/errors';
import {
  type Grant,
  type GrantItem,
  type GrantStatus,
  grantIdFor,
  grantKey,
  grantList,
  newGrantItem,
  statusListQuery,
  toGrant,
} from '#shared/grants/grant-items';
import type { LedgerContext } from '#shared/ledger/context';
import { assertDescription, assertUserWalletId } from '#shared/ledger/rules';
import { requestHash } from '#shared/ledger/transaction';

/**
 * Writes the pending grant, checks the recipient's wallet exists and logs the request, in one
 * TransactWriteItems. The grant id comes from the admin's Idempotency-Key, so a retried request
 * finds its grant (`attribute_not_exists(pk)` fails with the stored request hash) instead of
 * asking twice.
 */
export async function requestGrant(
  ctx: LedgerContext,
  request: {
    adminId: string;
    to: string;
    amount: number;
    reason: string | undefined;
    idempotencyKey: string | undefined;
  },
): Promise<{ grant: Grant; replayed: boolean }> {
  const { adminId, to, amount, reason, idempotencyKey } = request;
  assertUserWalletId(to);
  assertDescription(reason);
  const now = ctx.now();
  const item = newGrantItem({
    grantId: grantIdFor(adminId, idempotencyKey),
    userId: to,
    amount,
    reason,
    requestedBy: adminId,
    requestHash: requestHash({ type: 'grant', to, amount, reason }),
    now,
  });
  const log = adminActionWrite(ctx, {
    actionId: `request_${item.grant_id}`,
    adminId,
    action: 'grant_requested',
    userId: to,
    amount,
    grantId: item.grant_id,
    at: item.requested_at,
    ...(reason === undefined ? {} : { reason }),
  });
  try {
    await withRetry(
      () =>
        ctx.db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: ctx.tables.admin,
                  Item: item,
                  ConditionExpression: 'attribute_not_exists(pk)',
                  ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
                },
              },
              {
                ConditionCheck: {
                  TableName: ctx.tables.wallets,
                  Key: { user_id: to },
                  ConditionExpression: 'attribute_exists(user_id)',
                },
              },
              log.write,
            ],
          }),
        ),
      ctx.retryPolicy,
      ctx.onRetry,
    );
    return { grant: toGrant(item, now), replayed: false };
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    const [existing, wallet] = error.CancellationReasons ?? [];
    if (existing?.Code === 'ConditionalCheckFailed' && existing.Item) {
      const original = unmarshall(existing.Item as never) as GrantItem;
      if (original.request_hash !== item.request_hash) throw new IdempotencyKeyReusedError();
      return { grant: toGrant(original, now), replayed: true };
    }
    if (wallet?.Code === 'ConditionalCheckFailed') throw new UserNotFoundError(to);
    throw error;
  }
}

/** Why a decision's condition failed, from the grant as it was. */
export function explainUndecidable(old: GrantItem | undefined, grantId: string, now: Date): Error {
  if (!old) return new GrantNotFoundError(grantId);
  return new GrantNotPendingError(toGrant(old, now).status);
}

/**
 * Closes a pending (or expired) grant without minting, and logs who and why, in one
 * TransactWriteItems conditioned on the grant still being pending. The requester may withdraw
 * their own. The grant is read first only for the wallet it names (never changed after).
 */
export async function rejectGrant(
  ctx: LedgerContext,
  request: { adminId: string; grantId: string; reason?: string | undefined },
): Promise<Grant> {
  const { adminId, grantId, reason } = request;
  assertDescription(reason);
  const grant = await readGrantItem(ctx, grantId);
  const now = ctx.now();
  const at = now.toISOString();
  const log = adminActionWrite(ctx, {
    actionId: `reject_${grantId}`,
    adminId,
    action: 'grant_rejected',
    userId: grant.user_id,
    amount: grant.amount,
    grantId,
    at,
    ...(reason === undefined ? {} : { reason }),
  });
  try {
    await withRetry(
      () =>
        ctx.db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: ctx.tables.admin,
                  Key: grantKey(grantId),
                  UpdateExpression:
                    'SET #status = :rejected, #list = :list, decided_by = :admin, decided_at = :at',
                  ConditionExpression: '#status = :pending',
                  ExpressionAttributeNames: { '#status': 'status', '#list': 'list' },
                  ExpressionAttributeValues: {
                    ':rejected': 'rejected',
                    ':pending': 'pending_approval',
                    ':list': grantList('rejected'),
                    ':admin': adminId,
                    ':at': at,
                  },
                  ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
                },
              },
              log.write,
            ],
          }),
        ),
      ctx.retryPolicy,
      ctx.onRetry,
    );
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    const [failed] = error.CancellationReasons ?? [];
    if (failed?.Code !== 'ConditionalCheckFailed') throw error;
    const old = failed.Item ? (unmarshall(failed.Item as never) as GrantItem) : undefined;
    throw explainUndecidable(old, grantId, now);
  }
  return getGrant(ctx, grantId);
}

export async function getGrant(ctx: LedgerContext, grantId: string): Promise<Grant> {
  const item = await readGrantItem(ctx, grantId);
  return toGrant(item, ctx.now());
}

export async function readGrantItem(ctx: LedgerContext, grantId: string): Promise<GrantItem> {
  const { Item } = await withRetry(
    () =>
      ctx.db.send(
        new GetCommand({
          TableName: ctx.tables.admin,
          Key: grantKey(grantId),
          ConsistentRead: true,
        }),
      ),
    ctx.retryPolicy,
    ctx.onRetry,
  );
  if (Item?.kind !== 'grant') throw new GrantNotFoundError(grantId);
  return Item as GrantItem;
}

/** Grants of one status, newest request first. Pending and expired share the stored status. */
export async function listGrants(
  ctx: LedgerContext,
  options: { status: GrantStatus; limit?: number | undefined; cursor?: string | undefined },
): Promise<{ grants: Grant[]; nextCursor: string | null }> {
  const now = ctx.now();
  const { stored, filter } = statusListQuery(options.status, now);
  const page = await listNewestFirst<GrantItem>(ctx, grantList(stored), {
    limit: options.limit,
    cursor: options.cursor,
    ...(filter ? { filter } : {}),
  });
  return { grants: page.items.map((item) => toGrant(item, now)), nextCursor: page.nextCursor };
}
