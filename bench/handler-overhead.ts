import { performance } from 'node:perf_hooks';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { lambdaContext } from '#infra/local/lambda-events';
import { type BenchActors, transferEvent } from './events';
import { type LatencySummary, ratio, summarize } from './stats';
import {
  retarget,
  sendGet,
  sendHint,
  sendTransact,
  type TransferHandler,
  type TransferRequests,
} from './transfer-requests';

/**
 * Handler overhead: the transfer handler called in-process, as the Lambda runtime calls it (a
 * REST proxy event carrying the authorizer's context), against the bare requests it sends, on
 * the same client: its TransactWriteItems alone, and its TransactWriteItems followed by its
 * consistent GetItem of the sender's balance (the same DynamoDB work as the handler).
 * One call at a time; the three kinds take turns in blocks so drift on the machine hits all.
 */
export interface HandlerOverhead {
  readonly handler: LatencySummary;
  readonly bareTransact: LatencySummary;
  readonly bareTransactAndGet: LatencySummary;
  /** Against the bare TransactWriteItems (the definition). */
  readonly p50Ratio: number;
  readonly p99Ratio: number;
  /** Against TransactWriteItems + GetItem: what the handler adds beyond its DynamoDB work. */
  readonly sameWorkP50Ratio: number;
  readonly sameWorkP99Ratio: number;
}

type Kind = 'handler' | 'transact' | 'transactAndGet';

export async function measureHandlerOverhead(options: {
  readonly handler: TransferHandler;
  readonly db: DynamoDBDocumentClient;
  /** The requests one handler call sent (captureTransferRequests). */
  readonly template: TransferRequests;
  readonly actors: BenchActors;
  readonly calls: number;
  readonly warmUpCalls: number;
  readonly blockSize: number;
}): Promise<HandlerOverhead> {
  const { handler, db, actors, template } = options;

  // Everything a call needs is built before the clock starts: API Gateway builds the event.
  const once: Record<Kind, () => Promise<number>> = {
    handler: async () => {
      const event = transferEvent(actors);
      const context = lambdaContext('transfer-coins');
      const started = performance.now();
      const result = await handler(event, context);
      const elapsed = performance.now() - started;
      if (result.statusCode !== 201) throw new Error(`transfer answered ${result.statusCode}`);
      return elapsed;
    },
    transact: async () => {
      const requests = retarget(template);
      const started = performance.now();
      await sendTransact(db, requests);
      return performance.now() - started;
    },
    transactAndGet: async () => {
      const requests = retarget(template);
      const started = performance.now();
      await sendHint(db, requests);
      await sendTransact(db, requests);
      await sendGet(db, requests);
      return performance.now() - started;
    },
  };
  const kinds: Kind[] = ['handler', 'transact', 'transactAndGet'];
  const samples: Record<Kind, number[]> = { handler: [], transact: [], transactAndGet: [] };

  for (const kind of kinds) for (let i = 0; i < options.warmUpCalls; i++) await once[kind]();
  for (let block = 0; samples.handler.length < options.calls; block++) {
    for (let k = 0; k < kinds.length; k++) {
      const kind = kinds[(block + k) % kinds.length] as Kind;
      for (let i = 0; i < options.blockSize; i++) samples[kind].push(await once[kind]());
    }
  }

  const handlerSummary = summarize(samples.handler);
  const transact = summarize(samples.transact);
  const transactAndGet = summarize(samples.transactAndGet);
  return {
    handler: handlerSummary,
    bareTransact: transact,
    bareTransactAndGet: transactAndGet,
    p50Ratio: ratio(handlerSummary.p50Ms, transact.p50Ms),
    p99Ratio: ratio(handlerSummary.p99Ms, transact.p99Ms),
    sameWorkP50Ratio: ratio(handlerSummary.p50Ms, transactAndGet.p50Ms),
    sameWorkP99Ratio: ratio(handlerSummary.p99Ms, transactAndGet.p99Ms),
  };
}
