import { auditHolds } from '#shared/audit/audit-holds';
import type { HoldItem } from '#shared/holds/hold';
import type { TransactionRecord } from '#shared/ledger/transaction';

const hold = (fields: Partial<HoldItem>): HoldItem => ({
  hold_id: 'hold_a',
  user_id: 'alice',
  amount: 10,
  feature: 'boost',
  status: 'held',
  created_at: '2026-01-01T00:00:00.000Z',
  expires_at: '2026-01-01T00:15:00.000Z',
  client_id: 'shop',
  request_hash: 'h',
  history_key: '2026-01-01T00:00:00.000Z#hold_a',
  sweep_bucket: 'held#0',
  ...fields,
});

const spend = (fields: Partial<TransactionRecord>): TransactionRecord => ({
  transaction_id: 'spend_a',
  from_user_id: 'alice',
  to_user_id: '0',
  amount: 6,
  transaction_type: 'spend',
  timestamp: '2026-01-01T00:01:00.000Z',
  reference_id: 'hold_a',
  history_key: '2026-01-01T00:01:00.000Z#spend_a',
  request_hash: 'r',
  ...fields,
});

const captured = (fields: Partial<HoldItem> = {}) =>
  hold({
    status: 'captured',
    captured_amount: 6,
    transaction_id: 'spend_a',
    sweep_bucket: undefined,
    ...fields,
  });

describe('audit: every hold’s coins are either held or settled', () => {
  it('passes a held hold whose coins the wallet holds, and a captured hold with its spend', () => {
    expect(auditHolds([{ user_id: 'alice', held: 10 }], [hold({})], [])).toEqual([]);
    expect(auditHolds([{ user_id: 'alice', held: 0 }], [captured()], [spend({})])).toEqual([]);
  });

  it.each<[string, Parameters<typeof auditHolds>]>([
    [
      'a wallet holding less than its held holds',
      [[{ user_id: 'alice', held: 9 }], [hold({})], []],
    ],
    ['a wallet holding coins no hold explains', [[{ user_id: 'alice', held: 5 }], [], []]],
    ['a captured hold without its spend record', [[{ user_id: 'alice' }], [captured()], []]],
    [
      'a captured hold whose record is for another amount',
      [[{ user_id: 'alice' }], [captured()], [spend({ amount: 7 })]],
    ],
    [
      'a voided hold with a capture',
      [[{ user_id: 'alice' }], [captured({ status: 'voided' })], [spend({})]],
    ],
    [
      'a spend that captures a hold which does not record it',
      [[{ user_id: 'alice' }], [hold({ status: 'voided', sweep_bucket: undefined })], [spend({})]],
    ],
    [
      'a held hold out of the sweeper’s index',
      [[{ user_id: 'alice', held: 10 }], [hold({ sweep_bucket: undefined })], []],
    ],
    [
      'a settled hold still in the sweeper’s index',
      [[{ user_id: 'alice' }], [hold({ status: 'expired' })], []],
    ],
  ])('reports %s', (_case, args) => {
    expect(auditHolds(...args)).not.toEqual([]);
  });
});
