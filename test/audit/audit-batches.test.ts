import { auditAdminItems } from '#shared/audit/audit-admin';
import { type GiveBatchItem, newBatchItem, RELEASED_GRANT_KIND } from '#shared/grants/batch-items';
import { newRecord } from '#shared/ledger/transaction';

const now = new Date('2026-11-30T12:00:00.000Z');
const batch = (pending = false): GiveBatchItem =>
  newBatchItem({
    batchId: 'batch_1',
    adminId: 'admin-1',
    grants: [
      { userId: 'alice', amount: 30 },
      { userId: 'bob', amount: 20 },
    ],
    reason: undefined,
    requestHash: 'h',
    now,
    pending,
  });
const giveaway = (to: string, amount: number, fields: { by?: string; id?: string } = {}) =>
  newRecord({
    transactionId: fields.id ?? `giveaway_${to}`,
    type: 'giveaway',
    from: '0#03',
    to,
    amount,
    referenceId: 'batch_1',
    description: undefined,
    initiatedBy: fields.by ?? 'admin-1',
    requestHash: 'h',
    now,
  });
const release = (userId: string, amount: number) => ({
  pk: `${RELEASED_GRANT_KIND}#batch_1#${userId}`,
  kind: RELEASED_GRANT_KIND,
  batch_id: 'batch_1',
  user_id: userId,
  amount,
  admin_id: 'admin-1',
  day: '2026-11-30',
  error_code: 'USER_NOT_FOUND',
  error_message: 'no wallet',
  released_at: now.toISOString(),
});
const counter = (given: number) => ({
  pk: 'give_cap#admin-1#2026-11-30',
  kind: 'give_cap',
  admin_id: 'admin-1',
  day: '2026-11-30',
  given,
});

describe('ledger audit of batch giveaways', () => {
  it('passes a batch given in part and released in part, its counter holding the rest', () => {
    const items = [batch(), release('bob', 20), counter(30)];

    expect(auditAdminItems(items, [giveaway('alice', 30)])).toEqual([]);
  });

  it('counts a batch cut short as reserved whole, not as a breach', () => {
    expect(auditAdminItems([batch(), counter(50)], [giveaway('alice', 30)])).toEqual([]);
  });

  it('reports a counter that does not hold the batch it reserved', () => {
    expect(auditAdminItems([batch(), counter(30)], [giveaway('alice', 30)])).toEqual([
      'give cap admin-1 2026-11-30: counter 30, giveaways 50',
    ]);
  });

  it('reports a giveaway from a batch still waiting for its second admin', () => {
    expect(auditAdminItems([batch(true)], [giveaway('alice', 30)])).toEqual([
      'batch batch_1: giveaway giveaway_alice (30 to alice): the batch is pending_approval',
    ]);
  });

  it('reports a giveaway that is not one of the batch grants, and a second one for a grant', () => {
    const ledger = [giveaway('alice', 31), giveaway('alice', 31, { id: 'giveaway_again' })];

    expect(auditAdminItems([batch(), counter(50)], ledger)).toEqual([
      // Taken in id order, as scan segments deliver them in any: the later id is the second.
      'batch batch_1: giveaway giveaway_again (31 to alice): not one of its grants',
      'batch batch_1: giveaway giveaway_alice (31 to alice): not one of its grants',
      'batch batch_1: giveaway giveaway_alice (31 to alice): a second giveaway for this grant',
    ]);
  });

  it('reports a grant both given and released', () => {
    const items = [batch(), release('alice', 30), counter(20)];

    expect(auditAdminItems(items, [giveaway('alice', 30)])).toEqual([
      'batch batch_1: release of 30 to alice: the grant was also given',
    ]);
  });

  it('reports a batch giveaway initiated by someone else than its requester', () => {
    expect(
      auditAdminItems([batch(), counter(50)], [giveaway('bob', 20, { by: 'admin-2' })]),
    ).toEqual([
      'batch batch_1: giveaway giveaway_bob (20 to bob): initiated by admin-2, not admin-1',
    ]);
  });
});
