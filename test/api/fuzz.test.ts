import fc from 'fast-check';
import { API, startTestSystem, type TestSystem } from '#test/support/test-system';

/**
 * Hostile input: hundreds of generated malformed requests. Each one is a valid request with one
 * deliberate corruption, so every one of them must be refused with a 4xx JSON error, none may
 * answer 5xx, and the ledger must be exactly as it was.
 */
const SEED = 20261124;
const REQUESTS = 600;

const badUserId = fc.oneof(
  fc.constant(''),
  fc.string({ minLength: 129, maxLength: 200, unit: fc.constantFrom('a', 'b', '1') }),
  fc.string({ minLength: 1, maxLength: 20 }).map((s) => `${s} #/`),
  fc.integer(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 2 }),
  fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 }),
);

const badAmount = fc.oneof(
  fc.integer({ max: 0 }),
  fc.integer({ min: 1_000_000_001 }),
  fc.double({ noInteger: true, noNaN: true }),
  fc.constantFrom(Number.MAX_SAFE_INTEGER + 2, 1e21, -0.5),
  fc.string({ maxLength: 8 }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.nat(), { maxLength: 2 }),
);

const tooLongText = fc.string({ minLength: 501, maxLength: 700 });

const brokenJson = fc.oneof(
  fc.constantFrom('{', '{"amount":', '[1,', 'undefined', "{'a':1}", '{"a":1,}', 'NaN', '\u0000'),
  fc.string({ maxLength: 40 }).map((s) => `{${s}`),
);

const nonObjectJson = fc.oneof(
  fc.integer(),
  fc.string(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.boolean(),
);

const badIdempotencyKey = fc.oneof(
  fc.string({ minLength: 256, maxLength: 300, unit: fc.constantFrom('k', '1') }),
  fc.constantFrom('has space', 'tab\there'),
);

type FuzzRequest = {
  method: string;
  path: string;
  as: 'user' | 'admin';
  body?: unknown;
  headers?: Record<string, string>;
};

function corruptedWrite(
  path: string,
  as: 'user' | 'admin',
  recipientField: 'toUserId' | 'userId',
  noteField: string,
): fc.Arbitrary<FuzzRequest> {
  const valid = { [recipientField]: 'bob', amount: 1 };
  return fc.oneof(
    badUserId.map((id) => ({ method: 'POST', path, as, body: { ...valid, [recipientField]: id } })),
    badAmount.map((amount) => ({ method: 'POST', path, as, body: { ...valid, amount } })),
    tooLongText.map((text) => ({
      method: 'POST',
      path,
      as,
      body: { ...valid, [noteField]: text },
    })),
    fc
      .string({ minLength: 1, maxLength: 10 })
      .filter((key) => !['toUserId', 'userId', 'amount', 'description', 'reason'].includes(key))
      .map((key) => ({ method: 'POST', path, as, body: { ...valid, [key]: 1 } })),
    fc.constantFrom(recipientField, 'amount').map((missing) => {
      const body: Record<string, unknown> = { ...valid };
      delete body[missing];
      return { method: 'POST', path, as, body };
    }),
    brokenJson.map((text) => ({ method: 'POST', path, as, body: text })),
    nonObjectJson.map((value) => ({ method: 'POST', path, as, body: JSON.stringify(value) })),
    badIdempotencyKey.map((key) => ({
      method: 'POST',
      path,
      as,
      body: valid,
      headers: { 'Idempotency-Key': key },
    })),
  );
}

const badHistoryQuery: fc.Arbitrary<FuzzRequest> = fc
  .oneof(
    fc.integer({ max: 0 }).map((n) => `limit=${n}`),
    fc.integer({ min: 101 }).map((n) => `limit=${n}`),
    fc
      .string({ minLength: 1, maxLength: 6, unit: fc.constantFrom('a', '.', '-', 'e', '1') })
      .filter((s) => !/^\d+$/.test(s))
      .map((s) => `limit=${encodeURIComponent(s)}`),
    fc.base64String({ minLength: 4, maxLength: 60 }).map((s) => `cursor=${encodeURIComponent(s)}`),
    fc
      .string({ minLength: 1, maxLength: 20 })
      .map((k) => `cursor=${Buffer.from(JSON.stringify({ u: 'bob', k })).toString('base64url')}`),
    fc.string({ minLength: 513, maxLength: 600, unit: fc.constant('A') }).map((s) => `cursor=${s}`),
    fc.constantFrom('foo=1', 'limit=1&offset=3', 'limit=%00'),
  )
  .map((query) => ({ method: 'GET', path: `${API}/transactions?${query}`, as: 'user' as const }));

const selfTransfer: fc.Arbitrary<FuzzRequest> = fc.nat({ max: 100 }).map((n) => ({
  method: 'POST',
  path: `${API}/transfer`,
  as: 'user',
  body: { toUserId: 'alice', amount: n + 1 },
}));

const malformedRequest = fc.oneof(
  corruptedWrite(`${API}/transfer`, 'user', 'toUserId', 'description'),
  corruptedWrite(`${API}/give`, 'admin', 'userId', 'reason'),
  badHistoryQuery,
  selfTransfer,
);

describe('fuzzing the API with malformed requests', () => {
  let api: TestSystem;
  let tokens: Record<'user' | 'admin', string>;

  beforeAll(async () => {
    api = await startTestSystem();
    tokens = { user: await api.register('alice'), admin: await api.register('admin-1', ['admin']) };
    await api.register('bob');
    await api.request('POST', `${API}/give`, {
      token: tokens.admin,
      body: { userId: 'alice', amount: 500 },
    });
  });

  afterAll(async () => {
    await api.stop();
  });

  it(`refuses ${REQUESTS} generated malformed requests with 4xx JSON errors and changes nothing`, async () => {
    const requests = fc.sample(malformedRequest, { seed: SEED, numRuns: REQUESTS });
    const before = await api.audit();
    const statuses = new Map<number, number>();
    const unexpected: string[] = [];

    for (let i = 0; i < requests.length; i += 8) {
      await Promise.all(
        requests.slice(i, i + 8).map(async (request) => {
          const response = await api.request(request.method, request.path, {
            token: tokens[request.as],
            ...(request.body === undefined ? {} : { body: request.body }),
            ...(request.headers ? { headers: request.headers } : {}),
          });
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          const wellFormed =
            response.status >= 400 &&
            response.status < 500 &&
            typeof response.body?.error?.code === 'string' &&
            typeof response.body?.error?.message === 'string';
          if (!wellFormed)
            unexpected.push(`${response.status} ${JSON.stringify(request).slice(0, 200)}`);
        }),
      );
    }

    expect(unexpected).toEqual([]);
    const after = await api.audit();
    expect(after.breaches).toEqual([]);
    expect(after.transactions).toBe(before.transactions);
    expect(after.mintedAmount).toBe(before.mintedAmount);
    console.info(
      `fuzz: ${requests.length} malformed requests, statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
  });
});
