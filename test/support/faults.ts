import { ThrottlingException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * Faults DynamoDB Local cannot produce (it runs transactions one at a time), injected as an SDK
 * middleware so every other byte goes to the real engine:
 *  - `conflict`: the transaction is cancelled with TransactionConflict, nothing written;
 *  - `throttle`: ThrottlingException, nothing written;
 *  - `lost-response`: the request is processed (it COMMITS if its conditions hold), then the
 *    connection drops before the answer arrives, as when a Lambda or a network dies between
 *    DynamoDB's commit and the caller. The answer is lost whatever it was, so every injected
 *    fault reaches the caller as exactly one retryable error.
 */
export type Fault = 'conflict' | 'throttle' | 'lost-response' | 'crash-after-commit';

/**
 * `crash-after-commit`: the write goes through, then the function dies before it can answer
 * (here: a non-retryable error, which API Gateway would turn into a 5xx). Only the client's retry
 * with the same idempotency key can find out that the coins moved.
 */
export class SimulatedCrashError extends Error {
  override readonly name = 'SimulatedCrashError';
}

/**
 * A plan sees the name of the command on the wire, as the middleware stack reports it: the
 * low-level one. lib-dynamodb's `TransactWriteCommand` is sent as `TransactWriteItemsCommand`,
 * so a plan written against the document-client name would silently never fire.
 */
export type FaultPlan = (commandName: string) => Fault | undefined;

/** The wire name of every document-client transaction (`TransactWriteCommand`). */
export const TRANSACT_WRITE = 'TransactWriteItemsCommand';

const WIRE_NAMES: Readonly<Record<string, string>> = {
  TransactWriteCommand: 'TransactWriteItemsCommand',
  TransactGetCommand: 'TransactGetItemsCommand',
  PutCommand: 'PutItemCommand',
  GetCommand: 'GetItemCommand',
  UpdateCommand: 'UpdateItemCommand',
  DeleteCommand: 'DeleteItemCommand',
  BatchGetCommand: 'BatchGetItemCommand',
  BatchWriteCommand: 'BatchWriteItemCommand',
};

/** Accepts either spelling: `TransactWriteCommand` and `TransactWriteItemsCommand` are the same call. */
export function wireCommandName(commandName: string): string {
  return WIRE_NAMES[commandName] ?? commandName;
}

const CONFLICT_REASONS = [
  { Code: 'TransactionConflict', Message: 'Transaction is ongoing for the item' },
];

function faultError(fault: 'conflict' | 'throttle'): Error {
  const $metadata = { httpStatusCode: 400 };
  if (fault === 'conflict') {
    return new TransactionCanceledException({
      message: 'Transaction cancelled (injected)',
      $metadata,
      CancellationReasons: CONFLICT_REASONS,
    });
  }
  return new ThrottlingException({ message: 'Rate exceeded (injected)', $metadata });
}

export function injectFaults(
  db: DynamoDBDocumentClient,
  plan: FaultPlan,
): { injected: Map<Fault, number> } {
  const injected = new Map<Fault, number>();
  db.middlewareStack.add(
    (next, context) => async (args) => {
      const fault = plan(context.commandName ?? '');
      if (fault) injected.set(fault, (injected.get(fault) ?? 0) + 1);
      if (fault === 'conflict' || fault === 'throttle') throw faultError(fault);
      if (fault === 'crash-after-commit') {
        await next(args);
        throw new SimulatedCrashError('the function died after its write committed (injected)');
      }
      if (fault !== 'lost-response') return next(args);
      try {
        await next(args);
      } catch {
        // The engine's answer is lost whatever it was: a cancellation as much as a success.
      }
      throw Object.assign(new Error('socket hang up (injected after the request was processed)'), {
        code: 'ECONNRESET',
      });
    },
    { step: 'initialize', name: 'faultInjection', override: true },
  );
  return { injected };
}

/** The first `count` calls of `commandName` get `fault`, then everything passes. */
export function firstCalls(commandName: string, fault: Fault, count: number): FaultPlan {
  const target = wireCommandName(commandName);
  let remaining = count;
  return (name) => {
    if (name !== target || remaining <= 0) return undefined;
    remaining--;
    return fault;
  };
}

/** The first calls of `commandName` get `faults` in order (undefined: that call passes). */
export function faultSequence(
  commandName: string,
  faults: readonly (Fault | undefined)[],
): FaultPlan {
  const target = wireCommandName(commandName);
  let next = 0;
  return (name) => (name === target && next < faults.length ? faults[next++] : undefined);
}
