import { marshall } from '@aws-sdk/util-dynamodb';
import { type StreamRecordLike, UnreadableStreamRecordError } from '#shared/events/platform-events';
import { streamEventMapper, tableOfStreamArn } from '#shared/events/stream-events';
import type { HoldItem } from '#shared/holds/hold';
import { newRecord, toTransaction } from '#shared/ledger/transaction';

const tables = { transactions: 'prod_daswos_transactions', holds: 'prod_daswos_holds' };
const arnOf = (table: string) =>
  `arn:aws:dynamodb:eu-west-1:123456789012:table/${table}/stream/2026-11-30T12:00:00.000`;

const transaction = newRecord({
  transactionId: 'transfer_abc',
  type: 'transfer',
  from: 'alice',
  to: 'bob',
  amount: 25,
  referenceId: undefined,
  description: undefined,
  initiatedBy: 'alice',
  requestHash: 'hash',
  now: new Date('2026-11-30T12:00:00.000Z'),
});

const hold: HoldItem = {
  hold_id: 'hold_1',
  user_id: 'alice',
  amount: 40,
  feature: 'boost',
  status: 'held',
  created_at: '2026-11-30T12:00:00.000Z',
  expires_at: '2026-11-30T12:15:00.000Z',
  client_id: 'shop',
  request_hash: 'hash',
  history_key: '2026-11-30T12:00:00.000Z#hold_1',
  sweep_bucket: 'held#1',
};

function inserted(table: string | undefined, image: object): StreamRecordLike {
  return {
    eventID: 'record-1',
    eventName: 'INSERT',
    ...(table === undefined ? {} : { eventSourceARN: arnOf(table) }),
    dynamodb: {
      SequenceNumber: '000000000000000000007',
      NewImage: marshall(image, { removeUndefinedValues: true }),
    },
  };
}

describe('tableOfStreamArn', () => {
  it('reads the table name out of a stream ARN', () => {
    expect(tableOfStreamArn(arnOf('prod_daswos_holds'))).toBe('prod_daswos_holds');
    expect(
      tableOfStreamArn('arn:aws:dynamodb:ddblocal:000000000000:table/t1_daswos_holds/stream/x'),
    ).toBe('t1_daswos_holds');
  });

  it('answers nothing for what is not a stream ARN', () => {
    expect(tableOfStreamArn(undefined)).toBeUndefined();
    expect(
      tableOfStreamArn('arn:aws:dynamodb:eu-west-1:1:table/prod_daswos_holds'),
    ).toBeUndefined();
  });
});

describe('streamEventMapper', () => {
  const eventFor = streamEventMapper(tables);

  it('maps a record of the transactions stream to TransactionPosted', () => {
    expect(eventFor(inserted(tables.transactions, transaction))).toMatchObject({
      'detail-type': 'TransactionPosted',
      detail: toTransaction(transaction),
    });
  });

  it('maps a record of the holds stream to a hold event carrying the hold as the API shows it', () => {
    expect(eventFor(inserted(tables.holds, hold))).toEqual({
      id: 'record-1',
      source: 'daswos.coins',
      'detail-type': 'HoldCreated',
      time: hold.created_at,
      detail: {
        holdId: 'hold_1',
        userId: 'alice',
        amount: 40,
        feature: 'boost',
        status: 'held',
        createdAt: hold.created_at,
        expiresAt: hold.expires_at,
        clientId: 'shop',
      },
    });
  });

  it('does not read a hold as a transaction, nor a transaction as a hold: the stream decides', () => {
    expect(() => eventFor(inserted(tables.transactions, hold))).toThrow(
      UnreadableStreamRecordError,
    );
    expect(eventFor(inserted(tables.holds, transaction))).toBeUndefined();
  });

  it.each([
    ['another table', 'prod_daswos_wallets'],
    ['no stream at all', undefined],
  ])('refuses a record from %s as unreadable', (_, table) => {
    expect(() => eventFor(inserted(table, transaction))).toThrow(UnreadableStreamRecordError);
  });

  it('refuses to start without both table names (every record would be dead-lettered)', () => {
    expect(() => streamEventMapper({ transactions: tables.transactions, holds: '' })).toThrow(
      /HOLDS_TABLE/,
    );
  });
});
