import {
  ConditionalCheckFailedException,
  ProvisionedThroughputExceededException,
  ThrottlingException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import fc from 'fast-check';
import { backoffDelayMs, isRetryable, type RetryPolicy, withRetry } from '#shared/dynamo/retry';
import { InsufficientFundsError } from '#shared/errors';
import {
  type Fault,
  type FaultPlan,
  faultSequence,
  firstCalls,
  injectFaults,
  TRANSACT_WRITE,
  wireCommandName,
} from '#test/support/faults';
import {
  createTestLedger,
  expectLedgerInvariants,
  fundedUsers,
  type TestLedger,
} from '#test/support/ledger-fixture';

const FAST: RetryPolicy = { maxAttempts: 8, baseDelayMs: 2, maxDelayMs: 20 };
const SHORT: RetryPolicy = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 };

/** The error name a retried fault reaches `onRetry` with. */
const RETRIED_AS: Record<Fault, string> = {
  conflict: 'TransactionCanceledException',
  throttle: 'ThrottlingException',
  'lost-response': 'Error',
  // Never retried inside the function: only the client's retry can recover it.
  'crash-after-commit': 'SimulatedCrashError',
};

function cancellation(...codes: string[]): TransactionCanceledException {
  return new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });
}

describe('retry of ledger writes', () => {
  let t: TestLedger;
  let injected: Map<Fault, number>;
  /** The plan in force; none while the fixture funds the wallets. */
  let armed: FaultPlan | undefined;

  async function faultyLedger(retryPolicy: RetryPolicy): Promise<void> {
    armed = undefined;
    t = await createTestLedger({
      retryPolicy,
      instrument: (db) => {
        injected = injectFaults(db, (name) => armed?.(name)).injected;
      },
    });
    await fundedUsers(t, { alice: 1_000, bob: 0 });
  }

  async function historyOf(userId: string) {
    return (await t.ledger.listTransactions(userId)).transactions;
  }

  afterEach(async () => {
    await expectLedgerInvariants(t);
    await t.destroy();
  });

  describe('with a retry budget larger than the faults', () => {
    beforeEach(() => faultyLedger(FAST));

    it('sends document-client transactions under the wire name the fault plans match', async () => {
      const seen: string[] = [];
      armed = (name) => {
        seen.push(name);
        return undefined;
      };

      await t.ledger.transfer({ from: 'alice', to: 'bob', amount: 1 });

      expect(seen).toContain(TRANSACT_WRITE);
      expect(seen).not.toContain('TransactWriteCommand');
      expect(wireCommandName('TransactWriteCommand')).toBe(TRANSACT_WRITE);
    });

    it.each<Fault>(['conflict', 'throttle'])(
      'retries 3 injected %s faults and transfers once',
      async (fault) => {
        armed = firstCalls('TransactWriteCommand', fault, 3);

        const result = await t.ledger.transfer({
          from: 'alice',
          to: 'bob',
          amount: 300,
          idempotencyKey: 'k1',
        });

        expect(injected.get(fault)).toBe(3);
        expect(Object.fromEntries(t.retries)).toEqual({ [RETRIED_AS[fault]]: 3 });
        expect(result.replayed).toBe(false);
        expect(result.balance).toBe(700);
        expect(await t.ledger.getBalance('bob')).toBe(300);
        expect(await historyOf('bob')).toEqual([result.transaction]);
      },
    );

    it('retries a mix of conflicts and throttling, counting each by name', async () => {
      armed = faultSequence(TRANSACT_WRITE, ['conflict', 'throttle', 'conflict', 'throttle']);

      await t.ledger.mint({ to: 'bob', amount: 40, type: 'giveaway' });

      expect(Object.fromEntries(t.retries)).toEqual({
        TransactionCanceledException: 2,
        ThrottlingException: 2,
      });
      expect(await t.ledger.getBalance('bob')).toBe(40);
    });

    it.each([
      ['with an idempotency key', 'lost-1'],
      ['without an idempotency key', undefined],
    ])(
      'recognises the retry of a transfer whose response was lost as a replay, %s',
      async (_, idempotencyKey) => {
        armed = firstCalls(TRANSACT_WRITE, 'lost-response', 1);

        const result = await t.ledger.transfer({
          from: 'alice',
          to: 'bob',
          amount: 300,
          idempotencyKey,
        });

        expect(injected.get('lost-response')).toBe(1);
        expect(t.retries.get('Error')).toBe(1);
        expect(result.replayed).toBe(true);
        expect(result.balance).toBe(700);
        expect(await t.ledger.getBalance('bob')).toBe(300);
        expect(await historyOf('bob')).toEqual([result.transaction]);
      },
    );

    it('replays a lost response even when the retry also fails its balance check', async () => {
      // The committed write took alice's whole balance: on the retry both the record's and
      // the debit's conditions fail, and the duplicate record must decide the answer.
      armed = firstCalls(TRANSACT_WRITE, 'lost-response', 1);

      const result = await t.ledger.transfer({ from: 'alice', to: 'bob', amount: 1_000 });

      expect(result.replayed).toBe(true);
      expect(result.balance).toBe(0);
      expect(await t.ledger.getBalance('bob')).toBe(1_000);
    });

    it('credits a purchase once when its response is lost and the retry meets a conflict', async () => {
      armed = faultSequence(TRANSACT_WRITE, ['lost-response', 'conflict', 'throttle']);

      const result = await t.ledger.mint({
        to: 'bob',
        amount: 500,
        type: 'purchase',
        referenceId: 'cs_test_lost',
        idempotency: { owner: 'stripe', key: 'cs_test_lost' },
      });

      expect(Object.fromEntries(injected)).toEqual({
        'lost-response': 1,
        conflict: 1,
        throttle: 1,
      });
      expect(result.replayed).toBe(true);
      expect(await t.ledger.getBalance('bob')).toBe(500);
      expect((await t.ledger.getSupply()).mintedAmount).toBe(1_500);
      expect(await historyOf('bob')).toEqual([result.transaction]);
    });

    it('does not retry a failed condition: it is the answer', async () => {
      armed = () => undefined;

      await expect(
        t.ledger.transfer({ from: 'alice', to: 'bob', amount: 1_001 }),
      ).rejects.toBeInstanceOf(InsufficientFundsError);

      expect(t.retries.size).toBe(0);
    });
  });

  describe('with fewer attempts than faults', () => {
    beforeEach(() => faultyLedger(SHORT));

    it.each<[Fault, unknown]>([
      ['conflict', TransactionCanceledException],
      ['throttle', ThrottlingException],
    ])('surfaces the %s after maxAttempts and writes nothing', async (fault, errorClass) => {
      armed = firstCalls(TRANSACT_WRITE, fault, SHORT.maxAttempts + 2);

      await expect(
        t.ledger.transfer({ from: 'alice', to: 'bob', amount: 300, idempotencyKey: 'k' }),
      ).rejects.toBeInstanceOf(errorClass);

      expect(injected.get(fault)).toBe(SHORT.maxAttempts);
      expect(t.retries.get(RETRIED_AS[fault])).toBe(SHORT.maxAttempts - 1);
      expect(await t.ledger.getBalance('alice')).toBe(1_000);
      expect(await t.ledger.getBalance('bob')).toBe(0);
      expect(await historyOf('bob')).toEqual([]);

      // The key was not used up: once the faults stop, the same request goes through.
      armed = undefined;
      const retried = await t.ledger.transfer({
        from: 'alice',
        to: 'bob',
        amount: 300,
        idempotencyKey: 'k',
      });
      expect(retried.replayed).toBe(false);
      expect(await t.ledger.getBalance('bob')).toBe(300);
    });
  });
});

describe('isRetryable', () => {
  it.each<[string, unknown]>([
    ['a cancellation for a transaction conflict', cancellation('None', 'TransactionConflict')],
    ['a cancellation for throttling', cancellation('ThrottlingError', 'None')],
    // The failed condition may have been read beside a commit in flight: only a retry can tell.
    [
      'a cancellation with a conflict beside a failed condition',
      cancellation('TransactionConflict', 'ConditionalCheckFailed'),
    ],
    ['a ThrottlingException', new ThrottlingException({ message: 'slow down', $metadata: {} })],
    [
      'a ProvisionedThroughputExceededException',
      new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} }),
    ],
    ['ECONNRESET', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })],
    ['ETIMEDOUT', Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })],
  ])('retries %s', (_, error) => {
    expect(isRetryable(error)).toBe(true);
  });

  it.each<[string, unknown]>([
    ['a cancellation for a failed condition', cancellation('None', 'ConditionalCheckFailed')],
    [
      'a cancellation with throttling beside a failed condition',
      cancellation('ThrottlingError', 'ConditionalCheckFailed'),
    ],
    ['a cancellation without reasons', cancellation()],
    [
      'a ConditionalCheckFailedException',
      new ConditionalCheckFailedException({ message: 'no', $metadata: {} }),
    ],
    ['an unknown error code', Object.assign(new Error('?'), { code: 'EACCES' })],
    ['a random Error', new Error('boom')],
    ['a domain error', new InsufficientFundsError()],
    ['a thrown string', 'ECONNRESET'],
    ['undefined', undefined],
  ])('does not retry %s', (_, error) => {
    expect(isRetryable(error)).toBe(false);
  });
});

describe('backoffDelayMs', () => {
  const policy: RetryPolicy = { maxAttempts: 8, baseDelayMs: 20, maxDelayMs: 1_000 };
  /** The largest draw Math.random can make. */
  const highest = 1 - Number.EPSILON / 2;

  it('is a whole number in [0, min(max, base * 2^attempt)) for any attempt, policy and draw', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 64 }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 60_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempt, baseDelayMs, maxDelayMs, draw) => {
          const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** attempt);
          const delay = backoffDelayMs(
            attempt,
            { maxAttempts: 8, baseDelayMs, maxDelayMs },
            () => draw,
          );
          return Number.isInteger(delay) && delay >= 0 && delay < ceiling;
        },
      ),
      { seed: 20250301, numRuns: 2_000 },
    );
  });

  it('spans the whole window: 0 for the lowest draw, just under the ceiling for the highest', () => {
    expect(backoffDelayMs(3, policy, () => 0)).toBe(0);
    expect(backoffDelayMs(3, policy, () => highest)).toBe(159);
    expect(backoffDelayMs(3, policy, () => 0.5)).toBe(80);
  });

  it('stops growing at maxDelayMs', () => {
    expect(backoffDelayMs(6, policy, () => highest)).toBe(999);
    expect(backoffDelayMs(60, policy, () => 0.5)).toBe(500);
  });
});

describe('withRetry', () => {
  const instant: RetryPolicy = { maxAttempts: 4, baseDelayMs: 0, maxDelayMs: 0 };
  const throttled = () => new ThrottlingException({ message: 'slow down', $metadata: {} });

  it('retries a retryable error until the operation succeeds, reporting each attempt', async () => {
    const attempts: number[] = [];
    let calls = 0;

    const result = await withRetry(
      async () => {
        calls++;
        if (calls < 3) throw throttled();
        return 'done';
      },
      instant,
      (_, attempt) => attempts.push(attempt),
    );

    expect(result).toBe('done');
    expect(attempts).toEqual([1, 2]);
  });

  it('gives up after maxAttempts with the last error', async () => {
    let calls = 0;
    const operation = async () => {
      calls++;
      throw throttled();
    };

    await expect(withRetry(operation, instant)).rejects.toBeInstanceOf(ThrottlingException);
    expect(calls).toBe(instant.maxAttempts);
  });

  it('does not retry an error a retry cannot change', async () => {
    let calls = 0;
    const operation = async () => {
      calls++;
      throw new InsufficientFundsError();
    };

    await expect(withRetry(operation, instant)).rejects.toBeInstanceOf(InsufficientFundsError);
    expect(calls).toBe(1);
  });
});
