import { randomUUID } from 'node:crypto';
import { API, type TestSystem } from '#test/support/test-system';

export const SPEND = 'daswos-coins/spend';

/** Requests a service and its users make, over HTTP, against one test system. */
export function holdRequests(api: TestSystem, tokens: () => { admin: string; shop: string }) {
  const nextKey = (prefix: string) => `${prefix}-${randomUUID()}`;
  return {
    give: async (userId: string, amount: number) => {
      const response = await api.request('POST', `${API}/give`, {
        token: tokens().admin,
        body: { userId, amount },
      });
      if (response.status !== 201) throw new Error(`give ${userId}: ${response.status}`);
    },
    place: (body: unknown, key: string | null = nextKey('hold')) =>
      api.request('POST', `${API}/holds`, {
        token: tokens().shop,
        body,
        ...(key === null ? {} : { headers: { 'Idempotency-Key': key } }),
      }),
    get: (holdId: string, token = tokens().shop) =>
      api.request('GET', `${API}/holds/${holdId}`, { token }),
    capture: (holdId: string, body?: unknown, key: string | null = nextKey('capture')) =>
      api.request('POST', `${API}/holds/${holdId}/capture`, {
        token: tokens().shop,
        ...(body === undefined ? {} : { body }),
        ...(key === null ? {} : { headers: { 'Idempotency-Key': key } }),
      }),
    void: (holdId: string, key: string | null = nextKey('void')) =>
      api.request('POST', `${API}/holds/${holdId}/void`, {
        token: tokens().shop,
        ...(key === null ? {} : { headers: { 'Idempotency-Key': key } }),
      }),
    wallet: async (userId: string) => {
      const token = await api.system.cognito.issueToken({ sub: userId });
      const response = await api.request('GET', `${API}/balance`, { token });
      return response.body as { balance: number; held: number };
    },
  };
}
