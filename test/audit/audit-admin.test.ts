import { adminItemProblems, auditAdminItems, tallyOf } from '#shared/audit/audit-admin';
import { newGrantItem } from '#shared/grants/grant-items';
import { newRecord, type TransactionRecord } from '#shared/ledger/transaction';

const now = new Date('2026-11-30T12:00:00.000Z');
const grant = newGrantItem({
  grantId: 'grant_1',
  userId: 'alice',
  amount: 5_000,
  reason: undefined,
  requestedBy: 'admin-1',
  requestHash: 'h',
  now,
});
const giveaway = (fields: { id: string; amount: number; by?: string; reference?: string }) =>
  newRecord({
    transactionId: fields.id,
    type: 'giveaway',
    from: '0',
    to: 'alice',
    amount: fields.amount,
    referenceId: fields.reference,
    description: undefined,
    initiatedBy: fields.by,
    requestHash: 'h',
    now,
  });
const approved = { ...grant, status: 'approved' as const, transaction_id: 'giveaway_g1' };
const counter = (given: number) => ({
  pk: 'give_cap#admin-1#2026-11-30',
  kind: 'give_cap',
  admin_id: 'admin-1',
  day: '2026-11-30',
  given,
});

describe('ledger audit of the admin table', () => {
  it('passes an approved grant with its one giveaway and a matching daily counter', () => {
    const ledger: TransactionRecord[] = [
      giveaway({ id: 'giveaway_g1', amount: 5_000, by: 'admin-1', reference: 'grant_1' }),
      giveaway({ id: 'giveaway_2', amount: 10, by: 'admin-1' }),
    ];

    expect(auditAdminItems([approved, counter(5_010)], ledger)).toEqual([]);
  });

  it('reports an approved grant without its giveaway', () => {
    expect(auditAdminItems([approved], [])).toEqual([
      'grant grant_1: approved with 0 giveaways, not 1',
    ]);
  });

  it('reports a pending grant that was minted anyway', () => {
    const ledger = [giveaway({ id: 'giveaway_g1', amount: 5_000, reference: 'grant_1' })];

    expect(auditAdminItems([grant], ledger)).toEqual([
      'grant grant_1: pending_approval but has 1 giveaway(s)',
    ]);
  });

  it('reports a daily counter that disagrees with the giveaways of that admin and day', () => {
    const ledger = [giveaway({ id: 'giveaway_2', amount: 10, by: 'admin-1' })];

    expect(auditAdminItems([counter(11)], ledger)).toEqual([
      'give cap admin-1 2026-11-30: counter 11, giveaways 10',
    ]);
  });

  it('reports a logged give whose transaction does not exist', () => {
    const action = {
      kind: 'admin_action',
      action_id: 'a1',
      action: 'give',
      transaction_id: 'giveaway_missing',
    };

    expect(auditAdminItems([action], [])).toEqual([
      'admin action a1 (give): transaction giveaway_missing does not exist',
    ]);
  });

  it('keeps a direct give as its id and its amount on the day, and a grant’s give whole', () => {
    const direct = giveaway({ id: 'giveaway_2', amount: 10, by: 'admin-1' });
    const granted = giveaway({
      id: 'giveaway_g1',
      amount: 5_000,
      by: 'admin-1',
      reference: 'grant_1',
    });
    const logged = {
      kind: 'admin_action',
      action_id: 'a2',
      action: 'give',
      transaction_id: 'giveaway_2',
    };

    const tally = tallyOf([direct, granted]);

    expect(tally.joined()).toEqual([granted]);
    expect(tally.has('giveaway_2')).toBe(true);
    expect(tally.givenOn('admin-1#2026-11-30')).toBe(5_010);
    expect(adminItemProblems([approved, counter(5_010), logged], tally)).toEqual([]);
  });

  it('counts a record only once, however often it is added', () => {
    const direct = giveaway({ id: 'giveaway_2', amount: 10, by: 'admin-1' });

    const tally = tallyOf([direct, direct]);

    expect(tally.givenOn('admin-1#2026-11-30')).toBe(10);
  });
});
