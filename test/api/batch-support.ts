import { API, startTestSystem, type TestSystem } from '#test/support/test-system';

/**
 * What the batch giveaway tests share: a test system with four users, small limits (read by the
 * handlers on each request: 1,000 grants of 1 coin sit at the threshold), fresh admins.
 */
export const USERS = ['ann', 'ben', 'cat', 'dan'];

export interface Grant {
  userId: string;
  amount: number;
}

export async function startBatchSystem() {
  process.env.GIVE_APPROVAL_THRESHOLD = '1000';
  process.env.GIVE_DAILY_LIMIT_PER_ADMIN = '5000';
  const api = await startTestSystem();
  for (const user of USERS) await api.register(user);
  return api;
}

export function batchHelpers(api: () => TestSystem, prefix: string) {
  let adminCount = 0;
  const helpers = {
    /** The id the next `newAdmin` gets. */
    lastAdminId: () => `${prefix}-${adminCount}`,
    /** A fresh admin per test: each starts the day with the whole limit. */
    newAdmin: async () => {
      adminCount += 1;
      return api().register(`${prefix}-${adminCount}`, ['admin']);
    },
    batch: (token: string, key: string, grants: Grant[], reason?: string) =>
      api().request('POST', `${API}/give/batch`, {
        token,
        body: { grants, ...(reason === undefined ? {} : { reason }) },
        headers: { 'Idempotency-Key': key },
      }),
    balances: async () => {
      const admin = await api().register(`${prefix}-reader`, ['admin']);
      const entries = await Promise.all(
        USERS.map(async (user) => {
          const answer = await api().request('GET', `${API}/admin/users/${user}`, {
            token: admin,
          });
          return [user, answer.body.balance as number] as const;
        }),
      );
      return Object.fromEntries(entries) as Record<string, number>;
    },
    minted: async () => (await api().request('GET', `${API}/supply`)).body.mintedAmount as number,
    give: (token: string, amount: number) =>
      api().request('POST', `${API}/give`, { token, body: { userId: 'ann', amount } }),
  };
  return helpers;
}
