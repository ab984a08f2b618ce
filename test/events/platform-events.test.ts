import { marshall } from '@aws-sdk/util-dynamodb';
import {
  DETAIL_TYPES,
  holdEventFor,
  holdEventTypeFor,
  type StreamRecordLike,
  toEventBridgeEntry,
  transactionEventFor,
  UnreadableStreamRecordError,
} from '#shared/events/platform-events';
import { newRecord, toTransaction } from '#shared/ledger/transaction';

const record = newRecord({
  transactionId: 'transfer_abc',
  type: 'transfer',
  from: 'alice',
  to: 'bob',
  amount: 25,
  referenceId: undefined,
  description: 'coffee',
  initiatedBy: 'alice',
  requestHash: 'hash',
  now: new Date('2026-11-30T12:00:00.000Z'),
});

function streamRecord(
  eventName: string,
  image: Record<string, unknown> | undefined,
): StreamRecordLike {
  return {
    eventID: 'stream-event-1',
    eventName,
    dynamodb: {
      SequenceNumber: '000000000000000000042',
      ...(image ? { NewImage: marshall(image, { removeUndefinedValues: true }) } : {}),
    },
  };
}

describe('transactionEventFor', () => {
  it('maps an inserted transaction record to a TransactionPosted event carrying the API’s Transaction', () => {
    const event = transactionEventFor(streamRecord('INSERT', { ...record }));

    expect(event).toEqual({
      id: 'stream-event-1',
      source: 'daswos.coins',
      'detail-type': 'TransactionPosted',
      time: '2026-11-30T12:00:00.000Z',
      detail: toTransaction(record),
    });
    // Nothing internal leaks: no request hash, index keys or initiator.
    expect(Object.keys(event?.detail ?? {}).sort()).toEqual([
      'amount',
      'description',
      'fromUserId',
      'timestamp',
      'toUserId',
      'transactionId',
      'transactionType',
    ]);
  });

  it.each(['MODIFY', 'REMOVE'])('publishes nothing for a %s (records are written once)', (name) => {
    expect(transactionEventFor(streamRecord(name, { ...record }))).toBeUndefined();
  });

  it('refuses an insert without a new image as unreadable', () => {
    expect(() => transactionEventFor(streamRecord('INSERT', undefined))).toThrow(
      UnreadableStreamRecordError,
    );
  });

  it.each([
    ['no transaction id', { ...record, transaction_id: undefined }],
    ['an unknown type', { ...record, transaction_type: 'gift' }],
    ['a fractional amount', { ...record, amount: 1.5 }],
    ['an amount as text', { ...record, amount: '25' }],
  ])('refuses an item with %s as unreadable, naming its sequence number', (_, image) => {
    expect(() => transactionEventFor(streamRecord('INSERT', image))).toThrow(
      /000000000000000000042: not a transaction record/,
    );
  });
});

describe('holdEventTypeFor', () => {
  it.each([
    ['INSERT', 'held', DETAIL_TYPES.holdCreated],
    ['MODIFY', 'captured', DETAIL_TYPES.holdCaptured],
    ['MODIFY', 'voided', DETAIL_TYPES.holdVoided],
    ['MODIFY', 'expired', DETAIL_TYPES.holdExpired],
    ['MODIFY', 'held', undefined],
    ['INSERT', 'captured', undefined],
    ['REMOVE', 'held', undefined],
  ])('%s of a hold now %s → %s', (eventName, status, expected) => {
    expect(holdEventTypeFor(eventName, status)).toBe(expected);
  });
});

describe('holdEventFor', () => {
  const hold = {
    hold_id: 'hold_1',
    user_id: 'alice',
    amount: 30,
    feature: 'ai-search',
    status: 'held',
    created_at: '2026-11-30T12:00:00.000Z',
    expires_at: '2026-11-30T12:15:00.000Z',
  };
  const toDetail = (item: Record<string, unknown>) => ({
    holdId: item.hold_id,
    status: item.status,
  });

  it('publishes a placed hold as HoldCreated, at its creation time, with the detail it is given', () => {
    expect(holdEventFor(streamRecord('INSERT', hold), toDetail)).toEqual({
      id: 'stream-event-1',
      source: 'daswos.coins',
      'detail-type': 'HoldCreated',
      time: '2026-11-30T12:00:00.000Z',
      detail: { holdId: 'hold_1', status: 'held' },
    });
  });

  it('publishes a capture as HoldCaptured, at its settlement time', () => {
    const captured = { ...hold, status: 'captured', settled_at: '2026-11-30T12:05:00.000Z' };

    expect(holdEventFor(streamRecord('MODIFY', captured), toDetail)).toMatchObject({
      'detail-type': 'HoldCaptured',
      time: '2026-11-30T12:05:00.000Z',
    });
  });

  it('publishes nothing for a change that is not a placement or a settlement', () => {
    expect(holdEventFor(streamRecord('MODIFY', hold), toDetail)).toBeUndefined();
    expect(holdEventFor(streamRecord('REMOVE', undefined), toDetail)).toBeUndefined();
  });

  it('refuses a hold change without a hold id as unreadable', () => {
    const { hold_id: _, ...noId } = hold;

    expect(() => holdEventFor(streamRecord('INSERT', noId), toDetail)).toThrow(
      UnreadableStreamRecordError,
    );
  });
});

describe('toEventBridgeEntry', () => {
  it('puts the event on the named bus with its source, detail type, JSON detail and commit time', () => {
    const event = transactionEventFor(streamRecord('INSERT', { ...record }));
    if (!event) throw new Error('no event');

    const entry = toEventBridgeEntry(event, 'daswos-coins-dev');

    expect(entry).toEqual({
      Source: 'daswos.coins',
      DetailType: 'TransactionPosted',
      Detail: JSON.stringify(toTransaction(record)),
      Time: new Date('2026-11-30T12:00:00.000Z'),
      EventBusName: 'daswos-coins-dev',
    });
  });
});
