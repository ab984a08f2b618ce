import { adminActionWrite } from '#shared/admin/actions';
import { GrantExpiredError, SelfApprovalForbiddenError } from '#shared/admin/errors';
import { assertWithinDailyLimit, giveCapWrite } from '#shared/grants/daily-cap';
import {
  type Grant,
  type GrantItem,
  grantKey,
  grantList,
  isExpired,
  toGrant,
} from '#shared/grants/grant-items';
import { explainUndecidable, getGrant, readGrantItem } from '#shared/grants/grant-requests';
import type { GiveSettings } from '#shared/grants/settings';
import type { LedgerContext } from '#shared/ledger/context';
import { mint } from '#shared/ledger/mint';
import type { CompanionWrite } from '#shared/ledger/post-transaction';
import { type Transaction, transactionIdFor } from '#shared/ledger/transaction';

/**
 * Idempotency scope of a grant's giveaway: one grant, one transaction id. `#` cannot appear in a
 * user id (USER_ID_PATTERN), so no admin's own Idempotency-Key can name the same transaction.
 */
const GRANT_SCOPE_OWNER = '#grant';

export interface ApprovalResult {
  readonly grant: Grant;
  readonly transaction: Transaction;
  /** True when the grant had already been approved: the same giveaway, nothing new moved. */
  readonly replayed: boolean;
}

/**
 * A second admin approves a pending grant: ONE TransactWriteItems mints the giveaway (its record
 * id derived from the grant id), flips the grant pending -> approved (conditioned on pending and
 * unexpired), moves the requester's daily giveaway counter (conditioned on the limit) and logs
 * the approval. However many admins approve at once, the record's `attribute_not_exists` lets
 * exactly one mint; the others replay it.
 *
 * The grant is read first for what it grants and who asked (recipient, amount, requester: written
 * once by the request, never updated), so the four-eyes check on that read is final; whether the
 * grant may still be approved (its status, its expiry) is decided only by the conditions.
 */
export async function approveGrant(
  ctx: LedgerContext,
  settings: GiveSettings,
  request: { approverId: string; grantId: string },
): Promise<ApprovalResult> {
  const { approverId, grantId } = request;
  const grant = await readGrantItem(ctx, grantId);
  if (grant.requested_by === approverId) throw new SelfApprovalForbiddenError();
  assertWithinDailyLimit(grant.amount, settings.dailyLimitPerAdmin);

  const now = ctx.now();
  const transactionId = transactionIdFor('giveaway', { owner: GRANT_SCOPE_OWNER, key: grantId });
  const result = await mint(
    { ...ctx, now: () => now },
    {
      to: grant.user_id,
      amount: grant.amount,
      type: 'giveaway',
      referenceId: grantId,
      description: grant.reason,
      initiatedBy: grant.requested_by,
      idempotency: { owner: GRANT_SCOPE_OWNER, key: grantId },
      transactionId,
      companions: [
        approvalWrite(ctx, grant, { approverId, transactionId, now }),
        // The giveaway is the requester's: it counts against their day, the day it is approved.
        giveCapWrite(ctx, {
          adminId: grant.requested_by,
          amount: grant.amount,
          at: now,
          limit: settings.dailyLimitPerAdmin,
        }),
        adminActionWrite(ctx, {
          actionId: `approve_${grantId}`,
          adminId: approverId,
          action: 'grant_approved',
          userId: grant.user_id,
          amount: grant.amount,
          grantId,
          transactionId,
          at: now.toISOString(),
        }),
      ],
    },
  );
  return {
    grant: result.replayed
      ? await getGrant(ctx, grantId)
      : approvedView(grant, approverId, transactionId, now),
    transaction: result.transaction,
    replayed: result.replayed,
  };
}

function approvalWrite(
  ctx: LedgerContext,
  grant: GrantItem,
  approval: { approverId: string; transactionId: string; now: Date },
): CompanionWrite {
  const { approverId, transactionId, now } = approval;
  return {
    write: {
      Update: {
        TableName: ctx.tables.admin,
        Key: grantKey(grant.grant_id),
        UpdateExpression:
          'SET #status = :approved, #list = :list, decided_by = :approver, decided_at = :now, transaction_id = :tx',
        ConditionExpression: '#status = :pending AND expires_at > :now',
        ExpressionAttributeNames: { '#status': 'status', '#list': 'list' },
        ExpressionAttributeValues: {
          ':approved': 'approved',
          ':pending': 'pending_approval',
          ':list': grantList('approved'),
          ':approver': approverId,
          ':now': now.toISOString(),
          ':tx': transactionId,
        },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    },
    explain: (old) => {
      const item = old as GrantItem | undefined;
      if (item?.status === 'pending_approval' && isExpired(item, now)) {
        return new GrantExpiredError();
      }
      return explainUndecidable(item, grant.grant_id, now);
    },
  };
}

function approvedView(
  grant: GrantItem,
  approverId: string,
  transactionId: string,
  now: Date,
): Grant {
  return toGrant(
    {
      ...grant,
      status: 'approved',
      transaction_id: transactionId,
      decided_by: approverId,
      decided_at: now.toISOString(),
    },
    now,
  );
}
