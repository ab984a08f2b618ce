import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '#shared/dynamo/client';
import { grantKey } from '#shared/grants/grant-items';
import { tableNamesFromEnv } from '#shared/tables';
import { API, startTestSystem, type TestSystem } from '#test/support/test-system';

// Small limits, read by the handlers on each request.
process.env.GIVE_APPROVAL_THRESHOLD = '1000';
process.env.GIVE_DAILY_LIMIT_PER_ADMIN = '5000';

describe('giveaways: four eyes above the threshold, a daily limit per admin', () => {
  let api: TestSystem;
  let alice: string;
  const admins: Record<string, string> = {};
  let adminCount = 0;

  beforeAll(async () => {
    api = await startTestSystem();
    alice = await api.register('alice');
    for (const name of ['requester', 'approver']) {
      admins[name] = await api.register(name, ['admin']);
    }
  });

  afterEach(async () => {
    expect((await api.audit()).breaches).toEqual([]);
  });

  afterAll(async () => {
    await api.stop();
  });

  /** A fresh admin per test: each starts the day with the whole limit. */
  const newAdmin = async () => {
    adminCount += 1;
    const id = `admin-${adminCount}`;
    return { id, token: await api.register(id, ['admin']) };
  };
  const balanceOf = async (token: string) =>
    (await api.request('GET', `${API}/balance`, { token })).body.balance as number;
  const minted = async () => (await api.request('GET', `${API}/supply`)).body.mintedAmount;
  const give = (token: string, amount: number, key?: string) =>
    api.request('POST', `${API}/give`, {
      token,
      body: { userId: 'alice', amount, reason: 'campaign' },
      ...(key ? { headers: { 'Idempotency-Key': key } } : {}),
    });
  const approve = (token: string, grantId: string) =>
    api.request('POST', `${API}/grants/${grantId}/approve`, { token });
  const requestGrant = async (token: string, amount = 1001) => {
    const response = await give(token, amount);
    expect(response.status).toBe(202);
    return response.body.grant.grantId as string;
  };

  describe('the approval threshold', () => {
    it('gives up to the threshold at once (201)', async () => {
      const { token } = await newAdmin();
      const before = await balanceOf(alice);

      const response = await give(token, 1000);

      expect(response.status).toBe(201);
      expect(await balanceOf(alice)).toBe(before + 1000);
    });

    it('answers 202 with a pending grant above it, and moves nothing', async () => {
      const { id, token } = await newAdmin();
      const [aliceBefore, mintedBefore] = [await balanceOf(alice), await minted()];

      const response = await give(token, 1001);

      expect(response.status).toBe(202);
      expect(response.body.grant).toEqual({
        grantId: expect.stringMatching(/^grant_/),
        userId: 'alice',
        amount: 1001,
        reason: 'campaign',
        status: 'pending_approval',
        requestedBy: id,
        requestedAt: expect.any(String),
        expiresAt: expect.any(String),
      });
      const { requestedAt, expiresAt } = response.body.grant;
      expect(Date.parse(expiresAt) - Date.parse(requestedAt)).toBe(7 * 24 * 3600 * 1000);
      expect(await balanceOf(alice)).toBe(aliceBefore);
      expect(await minted()).toBe(mintedBefore);
    });

    it('replays the same pending grant for the same Idempotency-Key', async () => {
      const { token } = await newAdmin();
      const first = await give(token, 2000, 'big-1');

      const second = await give(token, 2000, 'big-1');
      const reused = await give(token, 2001, 'big-1');

      expect(second.status).toBe(202);
      expect(second.headers.get('idempotent-replayed')).toBe('true');
      expect(second.body.grant).toEqual(first.body.grant);
      expect(reused.status).toBe(409);
      expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    });

    it('answers 404 USER_NOT_FOUND for a grant to a user without a wallet', async () => {
      const { token } = await newAdmin();

      const response = await api.request('POST', `${API}/give`, {
        token,
        body: { userId: 'nobody', amount: 2000 },
      });

      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe('USER_NOT_FOUND');
    });
  });

  describe('POST /grants/{grantId}/approve', () => {
    it('mints the grant when another admin approves it (201), once', async () => {
      const grantId = await requestGrant(admins.requester ?? '');
      const before = await balanceOf(alice);

      const approved = await approve(admins.approver ?? '', grantId);
      const again = await approve(admins.approver ?? '', grantId);

      expect(approved.status).toBe(201);
      expect(approved.body.grant).toMatchObject({
        grantId,
        status: 'approved',
        decidedBy: 'approver',
        transactionId: approved.body.transaction.transactionId,
      });
      expect(approved.body.transaction).toMatchObject({
        fromUserId: '0',
        toUserId: 'alice',
        amount: 1001,
        transactionType: 'giveaway',
        referenceId: grantId,
      });
      expect(again.status).toBe(201);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.body.transaction).toEqual(approved.body.transaction);
      expect(await balanceOf(alice)).toBe(before + 1001);
    });

    it('answers 403 SELF_APPROVAL_FORBIDDEN to the requester, and moves nothing', async () => {
      const { token } = await newAdmin();
      const grantId = await requestGrant(token);
      const before = await balanceOf(alice);

      const response = await approve(token, grantId);

      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe('SELF_APPROVAL_FORBIDDEN');
      expect(await balanceOf(alice)).toBe(before);
    });

    it('answers 403 to the requester even once another admin has approved (no replay for them)', async () => {
      const requester = await newAdmin();
      const grantId = await requestGrant(requester.token);
      expect((await approve(admins.approver ?? '', grantId)).status).toBe(201);

      const response = await approve(requester.token, grantId);

      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe('SELF_APPROVAL_FORBIDDEN');
    });

    it('mints once when 10 admins approve at the same time', async () => {
      const grantId = await requestGrant(admins.requester ?? '', 3000);
      const approvers = await Promise.all(Array.from({ length: 10 }, () => newAdmin()));
      const before = await balanceOf(alice);

      const answers = await Promise.all(approvers.map(({ token }) => approve(token, grantId)));

      expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(201));
      const fresh = answers.filter((answer) => !answer.headers.get('idempotent-replayed'));
      expect(fresh).toHaveLength(1);
      const ids = new Set(answers.map((answer) => answer.body.transaction.transactionId));
      expect(ids.size).toBe(1);
      expect(await balanceOf(alice)).toBe(before + 3000);
    });

    it('answers 409 GRANT_EXPIRED once its 7 days have passed, and moves nothing', async () => {
      const grantId = await requestGrant(admins.requester ?? '');
      // Seven days later: the grant's expiry is moved to the past.
      const db = createDocumentClient({ endpoint: api.system.dynamoEndpoint });
      await db.send(
        new UpdateCommand({
          TableName: tableNamesFromEnv(process.env).admin,
          Key: grantKey(grantId),
          UpdateExpression: 'SET expires_at = :past',
          ExpressionAttributeValues: { ':past': new Date(Date.now() - 1000).toISOString() },
        }),
      );
      const before = await balanceOf(alice);

      const response = await approve(admins.approver ?? '', grantId);
      const listed = await api.request('GET', `${API}/grants?status=expired`, {
        token: admins.approver,
      });
      const pending = await api.request('GET', `${API}/grants`, { token: admins.approver });

      expect(response.status).toBe(409);
      expect(response.body.error.code).toBe('GRANT_EXPIRED');
      expect(await balanceOf(alice)).toBe(before);
      expect(listed.body.grants.map((g: { grantId: string }) => g.grantId)).toContain(grantId);
      expect(pending.body.grants.map((g: { grantId: string }) => g.grantId)).not.toContain(grantId);
      db.destroy();
    });

    it('answers 404 GRANT_NOT_FOUND for an unknown grant and 400 for a malformed id', async () => {
      const unknown = await approve(admins.approver ?? '', 'grant_doesnotexist');
      const malformed = await approve(admins.approver ?? '', 'not-a-grant');

      expect(unknown.status).toBe(404);
      expect(unknown.body.error.code).toBe('GRANT_NOT_FOUND');
      expect(malformed.status).toBe(400);
      expect(malformed.body.error.code).toBe('VALIDATION_ERROR');
    });

    it('answers 403 FORBIDDEN to a user token', async () => {
      const grantId = await requestGrant(admins.requester ?? '');

      const response = await approve(alice, grantId);

      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe('FORBIDDEN');
    });
  });

  describe('POST /grants/{grantId}/reject', () => {
    it('closes the grant (200); it can then be neither approved nor rejected again', async () => {
      const grantId = await requestGrant(admins.requester ?? '');
      const before = await balanceOf(alice);

      const rejected = await api.request('POST', `${API}/grants/${grantId}/reject`, {
        token: admins.approver,
        body: { reason: 'not budgeted' },
      });
      const approval = await approve(admins.approver ?? '', grantId);
      const again = await api.request('POST', `${API}/grants/${grantId}/reject`, {
        token: admins.approver,
      });

      expect(rejected.status).toBe(200);
      expect(rejected.body.grant).toMatchObject({ status: 'rejected', decidedBy: 'approver' });
      expect(approval.status).toBe(409);
      expect(approval.body.error.code).toBe('GRANT_NOT_PENDING');
      expect(again.status).toBe(409);
      expect(await balanceOf(alice)).toBe(before);
    });
  });

  describe('GET /grants', () => {
    it('lists pending grants newest first, and approved ones by status', async () => {
      const { token } = await newAdmin();
      const older = await requestGrant(token, 1500);
      const newer = await requestGrant(token, 1600);
      await approve(admins.approver ?? '', older);

      const pending = await api.request('GET', `${API}/grants?status=pending_approval`, {
        token: admins.approver,
      });
      const approved = await api.request('GET', `${API}/grants?status=approved&limit=100`, {
        token: admins.approver,
      });

      const pendingIds = pending.body.grants.map((g: { grantId: string }) => g.grantId);
      expect(pending.status).toBe(200);
      expect(pendingIds).toContain(newer);
      expect(pendingIds).not.toContain(older);
      expect(pendingIds[0]).toBe(newer);
      expect(approved.body.grants.map((g: { grantId: string }) => g.grantId)).toContain(older);
    });
  });

  describe('the daily limit per admin', () => {
    it('gives up to the limit and answers 409 GIVE_LIMIT_REACHED past it, moving nothing', async () => {
      const { token } = await newAdmin();
      for (let i = 0; i < 4; i += 1) expect((await give(token, 1000)).status).toBe(201);
      expect((await give(token, 999)).status).toBe(201);
      const before = await balanceOf(alice);

      const atLimit = await give(token, 1);
      const over = await give(token, 2);

      expect(atLimit.status).toBe(201);
      expect(over.status).toBe(409);
      expect(over.body.error.code).toBe('GIVE_LIMIT_REACHED');
      expect(await balanceOf(alice)).toBe(before + 1);
    });

    it('does not count a replayed give twice', async () => {
      const { token } = await newAdmin();
      expect((await give(token, 1000, 'same')).status).toBe(201);
      for (let i = 0; i < 3; i += 1) await give(token, 1000, 'same');

      for (let i = 0; i < 4; i += 1) expect((await give(token, 1000)).status).toBe(201);
      expect((await give(token, 1)).body.error.code).toBe('GIVE_LIMIT_REACHED');
    });

    it('lets no two concurrent gives squeeze past the limit together', async () => {
      const { token } = await newAdmin();
      const before = await balanceOf(alice);

      const answers = await Promise.all(Array.from({ length: 8 }, () => give(token, 1000)));

      expect(answers.filter((answer) => answer.status === 201)).toHaveLength(5);
      expect(answers.filter((answer) => answer.status === 409)).toHaveLength(3);
      expect(await balanceOf(alice)).toBe(before + 5000);
    });

    it('counts a grant against its requester only once approved, refusing an approval past the limit', async () => {
      const requester = await newAdmin();
      const grantId = await requestGrant(requester.token, 3000);
      const other = await requestGrant(requester.token, 1001);
      // Pending grants do not count: the whole limit is still there for direct gives.
      expect((await give(requester.token, 1000)).status).toBe(201);
      expect((await give(requester.token, 1000)).status).toBe(201);

      const approved = await approve(admins.approver ?? '', grantId);
      const pastLimit = await approve(admins.approver ?? '', other);
      const afterwards = await give(requester.token, 1);

      expect(approved.status).toBe(201);
      expect(pastLimit.status).toBe(409);
      expect(pastLimit.body.error.code).toBe('GIVE_LIMIT_REACHED');
      expect(afterwards.body.error.code).toBe('GIVE_LIMIT_REACHED');
    });

    it('refuses an amount above the whole limit at once', async () => {
      const { token } = await newAdmin();

      const response = await give(token, 5001);

      expect(response.status).toBe(409);
      expect(response.body.error.code).toBe('GIVE_LIMIT_REACHED');
    });
  });

  describe('the admin action log', () => {
    it('records gives, grant requests and approvals with who did them', async () => {
      const { id, token } = await newAdmin();
      const given = await give(token, 10);
      const grantId = await requestGrant(token);
      await approve(admins.approver ?? '', grantId);

      const log = await api.request('GET', `${API}/admin/actions?limit=3`, { token });

      expect(log.body.actions).toEqual([
        expect.objectContaining({ action: 'grant_approved', adminId: 'approver', grantId }),
        expect.objectContaining({ action: 'grant_requested', adminId: id, grantId }),
        expect.objectContaining({
          action: 'give',
          adminId: id,
          amount: 10,
          reason: 'campaign',
          transactionId: given.body.transaction.transactionId,
        }),
      ]);
    });
  });
});
