import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '#shared/dynamo/client';
import { batchKey } from '#shared/grants/batch-items';
import { tableNamesFromEnv } from '#shared/tables';
import { batchHelpers, startBatchSystem } from '#test/api/batch-support';
import { API, type TestSystem } from '#test/support/test-system';

describe('batch giveaways above the approval threshold', () => {
  let api: TestSystem;
  const { newAdmin, lastAdminId, batch, balances, minted, give } = batchHelpers(
    () => api,
    'approval-admin',
  );

  beforeAll(async () => {
    api = await startBatchSystem();
  });

  afterEach(async () => {
    expect((await api.audit()).breaches).toEqual([]);
  });

  afterAll(async () => {
    await api.stop();
  });

  describe('four eyes over the batch total', () => {
    const big = [
      { userId: 'ann', amount: 600 },
      { userId: 'ben', amount: 401 },
    ];
    const approve = (token: string, batchId: string) =>
      api.request('POST', `${API}/grants/${batchId}/approve`, { token });
    const requestBig = async (token: string, key: string) => {
      const response = await batch(token, key, big, 'summer campaign');
      expect(response.status).toBe(202);
      return response.body.batch.batchId as string;
    };

    it('answers 202 with a pending batch above the threshold, and moves nothing', async () => {
      const admin = await newAdmin();
      const [before, mintedBefore] = [await balances(), await minted()];

      const response = await batch(admin, 'four-eyes-1', big, 'summer campaign');

      expect(response.status).toBe(202);
      expect(response.body.batch).toEqual({
        batchId: expect.stringMatching(/^batch_/),
        total: 1001,
        grantCount: 2,
        reason: 'summer campaign',
        status: 'pending_approval',
        requestedBy: lastAdminId(),
        requestedAt: expect.any(String),
        expiresAt: expect.any(String),
      });
      expect(await balances()).toEqual(before);
      expect(await minted()).toBe(mintedBefore);
      // Nothing counted on the day either: the whole limit is still there.
      for (let i = 0; i < 5; i += 1) expect((await give(admin, 1000)).status).toBe(201);
    });

    it('gives a batch whose total is exactly the threshold at once', async () => {
      const admin = await newAdmin();

      const response = await batch(admin, 'four-eyes-2', [
        { userId: 'ann', amount: 600 },
        { userId: 'ben', amount: 400 },
      ]);

      expect(response.status).toBe(200);
    });

    it('replays the same pending batch for the same key, and refuses another body', async () => {
      const admin = await newAdmin();
      const first = await batch(admin, 'four-eyes-3', big);

      const again = await batch(admin, 'four-eyes-3', big);
      const other = await batch(admin, 'four-eyes-3', [{ userId: 'ann', amount: 1001 }]);

      expect(again.status).toBe(202);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.body.batch).toEqual(first.body.batch);
      expect(other.status).toBe(409);
      expect(other.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    });

    it('lists a pending batch with its grants for the other admins to review', async () => {
      const [requester, reviewer] = [await newAdmin(), await newAdmin()];
      const batchId = await requestBig(requester, 'four-eyes-4');

      const list = await api.request('GET', `${API}/grants/batches?status=pending_approval`, {
        token: reviewer,
      });

      expect(list.status).toBe(200);
      const listed = list.body.batches.find((b: { batchId: string }) => b.batchId === batchId);
      expect(listed).toMatchObject({ status: 'pending_approval', total: 1001, grants: big });
    });

    it('pages the batches 10 at most (each may hold 1,000 grants)', async () => {
      const reviewer = await newAdmin();

      const tooMany = await api.request('GET', `${API}/grants/batches?limit=11`, {
        token: reviewer,
      });

      expect(tooMany.status).toBe(400);
      expect(tooMany.body.error.message).toMatch(/limit/);
    });

    it('gives every grant once when another admin approves, counted on the requester', async () => {
      const [requester, approver] = [await newAdmin(), await newAdmin()];
      const batchId = await requestBig(requester, 'four-eyes-5');
      const [before, mintedBefore] = [await balances(), await minted()];

      const response = await approve(approver, batchId);

      expect(response.status).toBe(200);
      expect(response.body.batch).toMatchObject({
        status: 'approved',
        decidedBy: lastAdminId(),
      });
      expect(response.body.results.map((r: { status: string }) => r.status)).toEqual([
        'credited',
        'credited',
      ]);
      expect(await balances()).toMatchObject({
        ann: (before.ann ?? 0) + 600,
        ben: (before.ben ?? 0) + 401,
      });
      expect(await minted()).toBe(mintedBefore + 1001);
      // The requester's day: 1,001 taken, so 4,000 fit and then nothing.
      for (let i = 0; i < 3; i += 1) expect((await give(requester, 1000)).status).toBe(201);
      expect((await give(requester, 999)).status).toBe(201);
      expect((await give(requester, 1)).status).toBe(409);
    });

    it('refuses the requester approving their own batch with 403, and moves nothing', async () => {
      const requester = await newAdmin();
      const batchId = await requestBig(requester, 'four-eyes-6');
      const mintedBefore = await minted();

      const response = await approve(requester, batchId);

      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe('SELF_APPROVAL_FORBIDDEN');
      expect(await minted()).toBe(mintedBefore);
    });

    it('gives each grant once when 6 admins approve at once, and a later approval replays', async () => {
      const requester = await newAdmin();
      const approvers = await Promise.all(Array.from({ length: 6 }, () => newAdmin()));
      const batchId = await requestBig(requester, 'four-eyes-7');
      const mintedBefore = await minted();

      const answers = await Promise.all(approvers.map((token) => approve(token, batchId)));
      const later = await approve(approvers[0] ?? '', batchId);

      expect(answers.map((answer) => answer.status)).toEqual(Array(6).fill(200));
      for (const index of [0, 1]) {
        const statuses = answers.map((answer) => answer.body.results[index].status);
        expect(statuses.filter((status) => status === 'credited')).toHaveLength(1);
      }
      expect(later.headers.get('idempotent-replayed')).toBe('true');
      expect(later.body.results.map((r: { status: string }) => r.status)).toEqual([
        'replayed',
        'replayed',
      ]);
      expect(await minted()).toBe(mintedBefore + 1001);
    });

    it('closes a rejected batch: approving it is 409 GRANT_NOT_PENDING and gives nothing', async () => {
      const [requester, other] = [await newAdmin(), await newAdmin()];
      const batchId = await requestBig(requester, 'four-eyes-8');
      const mintedBefore = await minted();

      const rejected = await api.request('POST', `${API}/grants/${batchId}/reject`, {
        token: other,
        body: { reason: 'not this month' },
      });
      const approved = await approve(other, batchId);

      expect(rejected.status).toBe(200);
      expect(rejected.body.batch).toMatchObject({ status: 'rejected' });
      expect(approved.status).toBe(409);
      expect(approved.body.error.code).toBe('GRANT_NOT_PENDING');
      expect(await minted()).toBe(mintedBefore);
    });

    it("refuses an approval the requester's day cannot take with 409, and gives nothing", async () => {
      const [requester, approver] = [await newAdmin(), await newAdmin()];
      const batchId = await requestBig(requester, 'four-eyes-9');
      for (let i = 0; i < 4; i += 1) await give(requester, 1000);
      const mintedBefore = await minted();

      const response = await approve(approver, batchId);

      expect(response.status).toBe(409);
      expect(response.body.error.code).toBe('GIVE_LIMIT_REACHED');
      expect(await minted()).toBe(mintedBefore);
      const pending = await api.request('GET', `${API}/grants/batches`, { token: approver });
      expect(pending.body.batches.map((b: { batchId: string }) => b.batchId)).toContain(batchId);
    });

    it('refuses to approve a batch past its 7 days with 409 GRANT_EXPIRED', async () => {
      const [requester, approver] = [await newAdmin(), await newAdmin()];
      const batchId = await requestBig(requester, 'four-eyes-10');
      await createDocumentClient({ endpoint: api.system.dynamoEndpoint }).send(
        new UpdateCommand({
          TableName: tableNamesFromEnv(process.env).admin,
          Key: batchKey(batchId),
          UpdateExpression: 'SET expires_at = :past',
          ExpressionAttributeValues: { ':past': new Date(Date.now() - 1000).toISOString() },
        }),
      );

      const response = await approve(approver, batchId);

      expect(response.status).toBe(409);
      expect(response.body.error.code).toBe('GRANT_EXPIRED');
    });
  });
});
