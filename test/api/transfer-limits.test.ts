import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '#shared/dynamo/client';
import { defaultLedger } from '#shared/ledger/ledger';
import { tableNamesFromEnv } from '#shared/tables';
import { API, startTestSystem, type TestSystem } from '#test/support/test-system';

// Small limits, read by the transfer handler on each request.
process.env.TRANSFER_LIMITS = JSON.stringify({ transfersPerHour: 3, coinsPerDay: 100 });

describe('transfer velocity limits', () => {
  let api: TestSystem;
  let admin: string;
  let senders = 0;

  beforeAll(async () => {
    api = await startTestSystem();
    admin = await api.register('admin-1', ['admin']);
    await api.register('bob');
  });

  afterEach(async () => {
    expect((await api.audit()).breaches).toEqual([]);
  });

  afterAll(async () => {
    await api.stop();
  });

  /** A fresh sender with coins: each test starts with untouched windows. */
  const newSender = async (coins = 1_000) => {
    senders += 1;
    const id = `sender-${senders}`;
    const token = await api.register(id);
    const given = await api.request('POST', `${API}/give`, {
      token: admin,
      body: { userId: id, amount: coins },
    });
    expect(given.status).toBe(201);
    return { id, token };
  };
  const transfer = (token: string, amount = 1, key?: string) =>
    api.request('POST', `${API}/transfer`, {
      token,
      body: { toUserId: 'bob', amount },
      ...(key ? { headers: { 'Idempotency-Key': key } } : {}),
    });
  const balanceOf = async (token: string) =>
    (await api.request('GET', `${API}/balance`, { token })).body.balance as number;
  const setWallet = async (userId: string, expression: string, values: Record<string, unknown>) => {
    const db = createDocumentClient({ endpoint: api.system.dynamoEndpoint });
    await db.send(
      new UpdateCommand({
        TableName: tableNamesFromEnv(process.env).wallets,
        Key: { user_id: userId },
        UpdateExpression: expression,
        ExpressionAttributeValues: values,
      }),
    );
    db.destroy();
  };

  describe('transfers per hour', () => {
    it('allows the limit and answers 429 RATE_LIMITED with Retry-After past it, moving nothing', async () => {
      const { token } = await newSender();
      for (let i = 0; i < 3; i += 1) expect((await transfer(token)).status).toBe(201);
      const before = await balanceOf(token);

      const response = await transfer(token);

      expect(response.status).toBe(429);
      expect(response.body.error.code).toBe('RATE_LIMITED');
      const retryAfter = Number(response.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(2 * 3600);
      expect(await balanceOf(token)).toBe(before);
    });

    it('does not count replays of an idempotent request', async () => {
      const { token } = await newSender();
      for (let i = 0; i < 5; i += 1) expect((await transfer(token, 1, 'rent')).status).toBe(201);

      const second = await transfer(token);
      const third = await transfer(token);
      const fourth = await transfer(token);

      expect([second.status, third.status, fourth.status]).toEqual([201, 201, 429]);
    });

    it('lets exactly the limit through when 10 transfers arrive at once', async () => {
      const { token } = await newSender();
      const before = await balanceOf(token);

      const answers = await Promise.all(Array.from({ length: 10 }, () => transfer(token)));

      const statuses = answers.map((answer) => answer.status).sort();
      expect(statuses).toEqual([201, 201, 201, ...Array(7).fill(429)]);
      expect(await balanceOf(token)).toBe(before - 3);
    });

    it('keeps counting the previous clock hour: never more than the limit in any 60 minutes', async () => {
      const { id, token } = await newSender();
      for (let i = 0; i < 2; i += 1) expect((await transfer(token)).status).toBe(201);
      // An hour later: the two transfers are in the previous clock hour now.
      const hour = Math.floor(Date.now() / 3_600_000);
      await setWallet(id, 'SET xfer_hour = :hour', { ':hour': hour - 1 });

      const third = await transfer(token);
      const fourth = await transfer(token);

      expect(third.status).toBe(201);
      expect(fourth.status).toBe(429);
      const secondsToNextHour = Math.ceil(((hour + 1) * 3_600_000 - Date.now()) / 1000);
      expect(Number(fourth.headers.get('retry-after'))).toBeLessThanOrEqual(secondsToNextHour + 1);
    });

    it('waits two clock hours when one clock hour alone used the whole limit', async () => {
      const { token } = await newSender();
      for (let i = 0; i < 3; i += 1) expect((await transfer(token)).status).toBe(201);

      const refused = await transfer(token);

      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(3600);
    });

    it('starts afresh once two clock hours have passed', async () => {
      const { id, token } = await newSender();
      for (let i = 0; i < 3; i += 1) expect((await transfer(token)).status).toBe(201);
      const hour = Math.floor(Date.now() / 3_600_000);
      await setWallet(id, 'SET xfer_hour = :hour', { ':hour': hour - 2 });

      const answers = [await transfer(token), await transfer(token), await transfer(token)];
      const fourth = await transfer(token);

      expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201]);
      expect(fourth.status).toBe(429);
    });

    it('counts right when another transfer opens the hour while one is in flight', async () => {
      const { token } = await newSender();
      // The first transfer read its wallet before any window existed; the second one opens
      // the hour before the first one's TransactWriteItems reaches DynamoDB.
      const db = defaultLedger().context.db;
      let armed = true;
      db.middlewareStack.add(
        (next, context) => async (args) => {
          if (armed && context.commandName === 'TransactWriteItemsCommand') {
            armed = false;
            expect((await transfer(token)).status).toBe(201);
          }
          return next(args);
        },
        { step: 'initialize', name: 'openHourInFlight' },
      );
      let first: Awaited<ReturnType<typeof transfer>>;
      try {
        first = await transfer(token);
      } finally {
        db.middlewareStack.remove('openHourInFlight');
      }

      const third = await transfer(token);
      const fourth = await transfer(token);

      expect(first.status).toBe(201);
      expect([third.status, fourth.status]).toEqual([201, 429]);
    });
  });

  describe('coins per UTC day', () => {
    it('allows up to the daily amount and answers 429 past it, with Retry-After to midnight UTC', async () => {
      const { token } = await newSender();
      expect((await transfer(token, 60)).status).toBe(201);
      expect((await transfer(token, 39)).status).toBe(201);
      const before = await balanceOf(token);

      const over = await transfer(token, 2);
      const atLimit = await transfer(token, 1);

      expect(over.status).toBe(429);
      expect(over.body.error.code).toBe('RATE_LIMITED');
      const retryAfter = Number(over.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(86_400);
      expect(atLimit.status).toBe(201);
      expect(await balanceOf(token)).toBe(before - 1);
    });

    it('refuses at once an amount above the whole daily limit', async () => {
      const { token } = await newSender();

      const response = await transfer(token, 101);

      expect(response.status).toBe(429);
      expect(response.body.error.code).toBe('RATE_LIMITED');
    });
  });

  it('says WALLET_FROZEN, not RATE_LIMITED, for a frozen sender at its limit', async () => {
    const { id, token } = await newSender();
    for (let i = 0; i < 3; i += 1) expect((await transfer(token)).status).toBe(201);
    await setWallet(id, 'SET frozen = :frozen', { ':frozen': true });

    const response = await transfer(token);

    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('WALLET_FROZEN');
  });

  it('says INSUFFICIENT_FUNDS, not RATE_LIMITED, when the balance does not cover either', async () => {
    const { token } = await newSender(50);
    expect((await transfer(token, 40)).status).toBe(201);

    const response = await transfer(token, 70);

    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('INSUFFICIENT_FUNDS');
  });

  it('says INSUFFICIENT_FUNDS below the limits when the balance does not cover', async () => {
    const { token } = await newSender(5);

    const response = await transfer(token, 6);

    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('INSUFFICIENT_FUNDS');
  });
});
