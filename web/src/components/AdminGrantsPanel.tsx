import type { Grant } from '../api/api-types';
import { coinLabel, formatDateTime } from '../lib/format-coins';
import { useAdminQueue } from '../lib/use-admin-queue';
import { useCoins } from '../state/coins-context';
import { FormMessages } from './FormMessages';

/**
 * Admins: giveaways above the approval threshold wait here for a second admin, who approves
 * (the API mints exactly once) or rejects them. The API refuses an admin's own request.
 */
export function AdminGrantsPanel() {
  const { api } = useCoins();
  const queue = useAdminQueue(async () => (await api.pendingGrants()).grants);
  const { items: grants, success, error } = queue;

  const decide = (grant: Grant, approve: boolean) =>
    queue.decide(async () => {
      if (approve) await api.approveGrant(grant.grantId);
      else await api.rejectGrant(grant.grantId);
      return approve
        ? `Approved: gave ${coinLabel(grant.amount)} to ${grant.userId}.`
        : `Rejected the grant of ${coinLabel(grant.amount)} to ${grant.userId}.`;
    });

  return (
    <section className="panel panel--admin" aria-labelledby="grants-heading">
      <h2 id="grants-heading">Admin: grants to approve</h2>
      {grants === undefined && !error ? (
        <div className="skeleton skeleton--cards" role="status" aria-label="Loading grants" />
      ) : null}
      {grants?.length === 0 ? <p className="muted">No grant is waiting.</p> : null}
      <ul className="grant-list">
        {grants?.map((grant) => (
          <li key={grant.grantId} className="grant" data-testid="grant">
            <p className="grant__what">
              {coinLabel(grant.amount)} to {grant.userId}
            </p>
            <p className="muted">
              Requested by {grant.requestedBy} on {formatDateTime(grant.requestedAt)}; expires{' '}
              {formatDateTime(grant.expiresAt)}.
            </p>
            {grant.reason ? <p>Reason: {grant.reason}</p> : null}
            <div className="actions">
              <button
                type="button"
                className="button button--primary"
                onClick={() => void decide(grant, true)}
                aria-label={`Approve ${coinLabel(grant.amount)} to ${grant.userId}`}
              >
                Approve
              </button>
              <button
                type="button"
                className="button"
                onClick={() => void decide(grant, false)}
                aria-label={`Reject ${coinLabel(grant.amount)} to ${grant.userId}`}
              >
                Reject
              </button>
            </div>
          </li>
        ))}
      </ul>
      <FormMessages success={success} error={error} />
    </section>
  );
}
