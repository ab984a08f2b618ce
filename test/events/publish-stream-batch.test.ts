import { marshall } from '@aws-sdk/util-dynamodb';
import type { EventBridgeEntry, StreamRecordLike } from '#shared/events/platform-events';
import { transactionEventFor } from '#shared/events/platform-events';
import {
  type PutEventsAnswer,
  publishStreamBatch,
  type StreamPublisher,
} from '#shared/events/publish-stream-batch';
import { newRecord } from '#shared/ledger/transaction';

function sequence(n: number): string {
  return String(n).padStart(21, '0');
}

function inserted(n: number): StreamRecordLike {
  const record = newRecord({
    transactionId: `transfer_${n}`,
    type: 'transfer',
    from: 'alice',
    to: 'bob',
    amount: n,
    referenceId: undefined,
    description: undefined,
    initiatedBy: 'alice',
    requestHash: 'hash',
    now: new Date(Date.UTC(2026, 10, 30, 12, 0, n)),
  });
  return {
    eventID: `event-${n}`,
    eventName: 'INSERT',
    dynamodb: { SequenceNumber: sequence(n), NewImage: marshall(record) },
  };
}

const batch = (count: number) => Array.from({ length: count }, (_, i) => inserted(i + 1));

/** EventBridge as the test wants it to answer each call; records every call's entries. */
function bus(answer: (entries: readonly EventBridgeEntry[], call: number) => PutEventsAnswer) {
  const calls: EventBridgeEntry[][] = [];
  const publisher: StreamPublisher = {
    eventBusName: 'daswos-coins-test',
    putEvents: async (entries) => {
      calls.push([...entries]);
      return answer(entries, calls.length);
    },
  };
  return { publisher, calls };
}

const accepted = (entries: readonly EventBridgeEntry[]): PutEventsAnswer => ({
  FailedEntryCount: 0,
  Entries: entries.map((_, i) => ({ EventId: `id-${i}` })),
});

const amountsOf = (entries: readonly EventBridgeEntry[]) =>
  entries.map((entry) => (JSON.parse(entry.Detail) as { amount: number }).amount);

describe('publishStreamBatch', () => {
  it('publishes every posting in stream order, at most 10 per PutEvents call', async () => {
    const { publisher, calls } = bus(accepted);

    const response = await publishStreamBatch(batch(23), publisher, transactionEventFor);

    expect(response).toEqual({ batchItemFailures: [] });
    expect(calls.map((entries) => entries.length)).toEqual([10, 10, 3]);
    expect(calls.flatMap(amountsOf)).toEqual(Array.from({ length: 23 }, (_, i) => i + 1));
    expect(calls.flat().every((entry) => entry.EventBusName === 'daswos-coins-test')).toBe(true);
  });

  it('skips changes that are not postings without failing them', async () => {
    const { publisher, calls } = bus(accepted);
    const records = [inserted(1), { ...inserted(2), eventName: 'MODIFY' }, inserted(3)];

    const response = await publishStreamBatch(records, publisher, transactionEventFor);

    expect(response).toEqual({ batchItemFailures: [] });
    expect(calls.flatMap(amountsOf)).toEqual([1, 3]);
  });

  it('reports the first entry EventBridge refused, and publishes nothing after its call', async () => {
    const { publisher, calls } = bus((entries, call) =>
      call === 2
        ? {
            FailedEntryCount: 1,
            Entries: entries.map((_, i) =>
              i === 4
                ? { ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' }
                : { EventId: `id-${i}` },
            ),
          }
        : accepted(entries),
    );

    const response = await publishStreamBatch(batch(25), publisher, transactionEventFor);

    // Lambda resumes at record 15 (the 5th of the second call): 1-14 are checkpointed.
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: sequence(15) }] });
    expect(calls).toHaveLength(2);
  });

  it('reports the first record of a call that failed outright', async () => {
    const { publisher } = bus((entries, call) => {
      if (call === 2) throw new Error('connection reset');
      return accepted(entries);
    });

    const response = await publishStreamBatch(batch(15), publisher, transactionEventFor);

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: sequence(11) }] });
  });

  it('treats an answer with fewer results than entries as a failure of the first missing one', async () => {
    const { publisher } = bus((entries) => ({
      FailedEntryCount: 0,
      Entries: entries.slice(0, 7).map((_, i) => ({ EventId: `id-${i}` })),
    }));

    const response = await publishStreamBatch(batch(10), publisher, transactionEventFor);

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: sequence(8) }] });
  });

  it('publishes the postings before an unreadable record, then reports that record', async () => {
    const { publisher, calls } = bus(accepted);
    const poison: StreamRecordLike = {
      eventID: 'poison',
      eventName: 'INSERT',
      dynamodb: { SequenceNumber: sequence(3), NewImage: marshall({ transaction_id: 'x' }) },
    };

    const response = await publishStreamBatch(
      [inserted(1), inserted(2), poison, inserted(4)],
      publisher,
      transactionEventFor,
    );

    expect(calls.flatMap(amountsOf)).toEqual([1, 2]);
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: sequence(3) }] });
  });

  it('refuses to run without a bus to publish to, so the function fails and alarms', async () => {
    const { publisher, calls } = bus(accepted);

    await expect(
      publishStreamBatch(batch(1), { ...publisher, eventBusName: '' }, transactionEventFor),
    ).rejects.toThrow(/EVENT_BUS_NAME/);
    expect(calls).toEqual([]);
  });

  it('tells its caller why it stopped', async () => {
    const failures: unknown[] = [];
    const { publisher } = bus(() => {
      throw new Error('endpoint unreachable');
    });

    await publishStreamBatch(
      batch(2),
      { ...publisher, onFailure: (failure) => failures.push(failure) },
      transactionEventFor,
    );

    expect(failures).toEqual([
      { sequenceNumber: sequence(1), reason: expect.stringMatching(/endpoint unreachable/) },
    ]);
  });
});
