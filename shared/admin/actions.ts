import { randomUUID } from 'node:crypto';
import type { AdminActionType } from '#shared/admin/action-types';
import { type AdminPage, listKey, listNewestFirst } from '#shared/admin/admin-list';
import type { LedgerContext } from '#shared/ledger/context';
import type { CompanionWrite } from '#shared/ledger/post-transaction';

/**
 * The admin action log: who did what to whom, and why. Every entry is written in the SAME
 * TransactWriteItems as the change it describes (a giveaway, a grant's decision, a freeze), so
 * the log has an entry exactly when the change happened. Entries are never changed or deleted.
 */
export const ADMIN_ACTIONS_LIST = 'admin_actions';

export interface AdminAction {
  readonly actionId: string;
  readonly adminId: string;
  readonly action: AdminActionType;
  /** The wallet the action concerns; absent for a whole batch (its grants are each logged). */
  readonly userId?: string;
  readonly at: string;
  readonly reason?: string;
  readonly amount?: number;
  readonly grantId?: string;
  readonly transactionId?: string;
}

export interface AdminActionItem extends Record<string, unknown> {
  pk: string;
  kind: 'admin_action';
  action_id: string;
  admin_id: string;
  action: AdminActionType;
  user_id?: string;
  at: string;
  reason?: string;
  amount?: number;
  grant_id?: string;
  transaction_id?: string;
  list: string;
  list_key: string;
}

export const actionKey = (actionId: string) => ({ pk: `action#${actionId}` });

/** An id for an action nothing else identifies (a freeze); derived ids make replays collide. */
export const newActionId = () => randomUUID().replaceAll('-', '');

/**
 * The log entry as a companion write. `attribute_not_exists` makes a derived id (e.g. the
 * giveaway's transaction id) exactly-once: a replay of the operation cannot log it twice.
 */
export function adminActionWrite(ctx: LedgerContext, action: AdminAction): CompanionWrite {
  const item: AdminActionItem = {
    ...actionKey(action.actionId),
    kind: 'admin_action',
    action_id: action.actionId,
    admin_id: action.adminId,
    action: action.action,
    ...(action.userId === undefined ? {} : { user_id: action.userId }),
    at: action.at,
    ...(action.reason === undefined ? {} : { reason: action.reason }),
    ...(action.amount === undefined ? {} : { amount: action.amount }),
    ...(action.grantId === undefined ? {} : { grant_id: action.grantId }),
    ...(action.transactionId === undefined ? {} : { transaction_id: action.transactionId }),
    list: ADMIN_ACTIONS_LIST,
    list_key: listKey(action.at, action.actionId),
  };
  return {
    write: {
      Put: {
        TableName: ctx.tables.admin,
        Item: item,
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    explain: () => new Error(`admin action ${action.actionId} was already logged`),
  };
}

function toAdminAction(item: AdminActionItem): AdminAction {
  return {
    actionId: item.action_id,
    adminId: item.admin_id,
    action: item.action,
    ...(item.user_id === undefined ? {} : { userId: item.user_id }),
    at: item.at,
    ...(item.reason === undefined ? {} : { reason: item.reason }),
    ...(item.amount === undefined ? {} : { amount: item.amount }),
    ...(item.grant_id === undefined ? {} : { grantId: item.grant_id }),
    ...(item.transaction_id === undefined ? {} : { transactionId: item.transaction_id }),
  };
}

/** The log, newest first, paged like the transaction history. */
export async function listAdminActions(
  ctx: LedgerContext,
  options: { limit?: number | undefined; cursor?: string | undefined } = {},
): Promise<{ actions: AdminAction[]; nextCursor: string | null }> {
  const page: AdminPage<AdminActionItem> = await listNewestFirst(ctx, ADMIN_ACTIONS_LIST, options);
  return { actions: page.items.map(toAdminAction), nextCursor: page.nextCursor };
}
