import { type ApproveGrantResponse, grantPathSchema } from '#shared/api/admin-schemas';
import { requireAdmin } from '#shared/auth/caller';
import { approveGrant } from '#shared/grants/grant-approval';
import { giveSettingsFromEnv } from '#shared/grants/settings';
import { httpHandler } from '#shared/http/handler';
import { parsePathParameters } from '#shared/http/request';
import { json } from '#shared/http/responses';
import { defaultLedger } from '#shared/ledger/ledger';

/** POST /grants/{grantId}/approve (another admin): mints the grant's giveaway exactly once. */
export const handler = httpHandler(async (event) => {
  const admin = requireAdmin(event);
  const { grantId } = parsePathParameters(event, grantPathSchema);

  const result = await approveGrant(defaultLedger().context, giveSettingsFromEnv(), {
    approverId: admin.userId,
    grantId,
  });

  const response: ApproveGrantResponse = { grant: result.grant, transaction: result.transaction };
  return json(201, response, result.replayed ? { 'idempotent-replayed': 'true' } : {});
});
