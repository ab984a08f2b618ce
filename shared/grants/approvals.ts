import { approveBatch, type BatchApprovalResult, rejectBatch } from '#shared/grants/batch-approval';
import type { BatchView } from '#shared/grants/batch-items';
import { type ApprovalResult, approveGrant } from '#shared/grants/grant-approval';
import type { Grant } from '#shared/grants/grant-items';
import { rejectGrant } from '#shared/grants/grant-requests';
import type { GiveSettings } from '#shared/grants/settings';
import type { LedgerContext } from '#shared/ledger/context';

/**
 * The approval route family decides both kinds of request a second admin sees: a grant (one
 * giveaway above the threshold, `grant_…`) and a batch (up to 1,000 giveaways whose total is
 * above it, `batch_…`). The id says which; each has its own rules module.
 */
export const isBatchId = (id: string) => id.startsWith('batch_');

export type Decision =
  | ({ readonly kind: 'grant' } & ApprovalResult)
  | ({ readonly kind: 'batch' } & BatchApprovalResult);

export async function approve(
  ctx: LedgerContext,
  settings: GiveSettings,
  request: { approverId: string; grantId: string; deadline?: Date | undefined },
): Promise<Decision> {
  const { approverId, grantId, deadline } = request;
  if (isBatchId(grantId)) {
    return {
      kind: 'batch',
      ...(await approveBatch(ctx, settings, { approverId, batchId: grantId, deadline })),
    };
  }
  return { kind: 'grant', ...(await approveGrant(ctx, settings, { approverId, grantId })) };
}

export async function reject(
  ctx: LedgerContext,
  request: { adminId: string; grantId: string; reason?: string | undefined },
): Promise<{ grant: Grant } | { batch: BatchView }> {
  const { adminId, grantId, reason } = request;
  if (isBatchId(grantId))
    return { batch: await rejectBatch(ctx, { adminId, batchId: grantId, reason }) };
  return { grant: await rejectGrant(ctx, request) };
}
