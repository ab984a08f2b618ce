import type { PendingBatch } from '../api/api-types';
import { coinLabel, formatDateTime } from '../lib/format-coins';
import { useAdminQueue } from '../lib/use-admin-queue';
import { useCoins } from '../state/coins-context';
import { FormMessages } from './FormMessages';

const usersLabel = (count: number) =>
  `${count.toLocaleString('en-US')} ${count === 1 ? 'user' : 'users'}`;

/**
 * Admins: batch giveaways whose total is above the approval threshold wait here, with the grants
 * an approval would give, for a second admin. Approving gives each grant exactly once (the API
 * answers one result per grant); the API refuses the requester's own batch.
 */
export function AdminBatchesPanel() {
  const { api } = useCoins();
  const queue = useAdminQueue(async () => (await api.pendingBatches()).batches);
  const { items: batches, success, error } = queue;

  const decide = (batch: PendingBatch, approve: boolean) =>
    queue.decide(async () => {
      if (!approve) {
        await api.rejectBatch(batch.batchId);
        return `Rejected the batch of ${coinLabel(batch.total)} to ${usersLabel(batch.grantCount)}.`;
      }
      const { results } = await api.approveBatch(batch.batchId);
      const given = results.filter((result) => result.status !== 'failed');
      const coins = batch.grants
        .filter((grant) => given.some((result) => result.userId === grant.userId))
        .reduce((sum, grant) => sum + grant.amount, 0);
      const failed = results.length - given.length;
      return (
        `Approved: gave ${coinLabel(coins)} to ${usersLabel(given.length)}` +
        (failed > 0 ? `; ${failed} could not be given (their coins were not counted).` : '.')
      );
    });

  return (
    <section className="panel panel--admin" aria-labelledby="batches-heading">
      <h2 id="batches-heading">Admin: batch giveaways to approve</h2>
      {batches === undefined && !error ? (
        <div className="skeleton skeleton--cards" role="status" aria-label="Loading batches" />
      ) : null}
      {batches?.length === 0 ? <p className="muted">No batch is waiting.</p> : null}
      <ul className="grant-list">
        {batches?.map((batch) => {
          const what = `${coinLabel(batch.total)} to ${usersLabel(batch.grantCount)}`;
          return (
            <li key={batch.batchId} className="grant" data-testid="batch">
              <p className="grant__what">{what}</p>
              <p className="muted">
                Requested by {batch.requestedBy} on {formatDateTime(batch.requestedAt)}
                {batch.expiresAt ? `; expires ${formatDateTime(batch.expiresAt)}` : ''}.
              </p>
              {batch.reason ? <p>Reason: {batch.reason}</p> : null}
              <details>
                <summary>The {usersLabel(batch.grantCount)} and their coins</summary>
                <ul className="batch-grants">
                  {batch.grants.map((grant) => (
                    <li key={grant.userId}>
                      {grant.userId}: {coinLabel(grant.amount)}
                    </li>
                  ))}
                </ul>
              </details>
              <div className="actions">
                <button
                  type="button"
                  className="button button--primary"
                  onClick={() => void decide(batch, true)}
                  aria-label={`Approve the batch of ${what}`}
                >
                  Approve
                </button>
                <button
                  type="button"
                  className="button"
                  onClick={() => void decide(batch, false)}
                  aria-label={`Reject the batch of ${what}`}
                >
                  Reject
                </button>
              </div>
            </li>
          );
        })}
      </ul>
      <FormMessages success={success} error={error} />
    </section>
  );
}
