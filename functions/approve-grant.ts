import {
  type ApproveBatchResponse,
  type ApproveGrantResponse,
  grantPathSchema,
} from '#shared/api/admin-schemas';
import { requireAdmin } from '#shared/auth/caller';
import { approve } from '#shared/grants/approvals';
import { giveSettingsFromEnv } from '#shared/grants/settings';
import { httpHandler } from '#shared/http/handler';
import { parsePathParameters } from '#shared/http/request';
import { json } from '#shared/http/responses';
import { defaultLedger } from '#shared/ledger/ledger';

/**
 * POST /grants/{grantId}/approve (another admin): mints a grant's giveaway exactly once (201), or
 * gives each grant of a batch exactly once (200, one result per grant).
 */
export const handler = httpHandler(async (event, context) => {
  const admin = requireAdmin(event);
  const { grantId } = parsePathParameters(event, grantPathSchema);

  const result = await approve(defaultLedger().context, giveSettingsFromEnv(), {
    approverId: admin.userId,
    grantId,
    deadline: new Date(Date.now() + context.getRemainingTimeInMillis()),
  });

  const replayed: Record<string, string> = result.replayed ? { 'idempotent-replayed': 'true' } : {};
  if (result.kind === 'batch') {
    const response: ApproveBatchResponse = { batch: result.batch, results: [...result.results] };
    return json(200, response, replayed);
  }
  const response: ApproveGrantResponse = { grant: result.grant, transaction: result.transaction };
  return json(201, response, replayed);
});
