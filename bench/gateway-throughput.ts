import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { API_BASE_PATH } from '#infra/routes';
import { ratio, round } from './stats';
import {
  retarget,
  sendGet,
  sendHint,
  sendTransact,
  type TransferRequests,
} from './transfer-requests';

/**
 * Throughput with a fixed number of requests in flight, on one DynamoDB Local: transfers over
 * HTTP through the local gateway (authorizer, handler, ledger) against the bare
 * TransactWriteItems they send, and against TransactWriteItems + GetItem (a transfer's whole
 * DynamoDB work). Worker w moves coins from wallet w to wallet w+1, in every mode alike.
 * Modes take turns over several rounds; each rate is total operations over total time.
 */
export interface Throughput {
  readonly requestsPerSecond: number;
  /** Against bare TransactWriteItems/s (the definition). */
  readonly ratio: number;
  readonly rawTransactPerSecond: number;
  readonly rawTransactAndGetPerSecond: number;
  /** Against TransactWriteItems + GetItem pairs/s: the same DynamoDB work. */
  readonly sameWorkRatio: number;
  readonly inFlight: number;
  /** Operations completed per mode, over all rounds. */
  readonly operationsPerMode: Record<string, number>;
}

type Mode = 'gateway' | 'transact' | 'transactAndGet';

export interface ThroughputOptions {
  readonly url: string;
  readonly db: DynamoDBDocumentClient;
  readonly template: TransferRequests;
  /** One wallet (and token) per worker; at least `inFlight` of them. */
  readonly wallets: readonly { readonly userId: string; readonly token: string }[];
  readonly inFlight: number;
  /** Each mode runs this long per round: a loaded machine makes the run slower, not longer. */
  readonly secondsPerRound: number;
  readonly rounds: number;
  readonly warmUpSeconds: number;
}

async function gatewayTransfer(url: string, token: string, to: string): Promise<void> {
  const response = await fetch(`${url}${API_BASE_PATH}/transfer`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'idempotency-key': randomUUID(),
    },
    body: JSON.stringify({ toUserId: to, amount: 1, description: 'bench' }),
  });
  await response.arrayBuffer();
  if (response.status !== 201) throw new Error(`a gateway transfer answered ${response.status}`);
}

/** Keeps `inFlight` operations going for `seconds`; returns what completed, and how long it took. */
async function run(options: ThroughputOptions, mode: Mode, seconds: number) {
  const { wallets, inFlight, db } = options;
  let completed = 0;
  const deadline = performance.now() + seconds * 1000;
  const worker = async (w: number) => {
    const from = wallets[w % wallets.length];
    const to = wallets[(w + 1) % wallets.length];
    if (!from || !to) throw new Error('not enough wallets');
    for (; performance.now() < deadline; completed++) {
      if (mode === 'gateway') {
        await gatewayTransfer(options.url, from.token, to.userId);
        continue;
      }
      const requests = retarget(options.template, { from: from.userId, to: to.userId });
      if (mode === 'transactAndGet') await sendHint(db, requests);
      await sendTransact(db, requests);
      if (mode === 'transactAndGet') await sendGet(db, requests);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: inFlight }, (_, w) => worker(w)));
  // Until the last operation in flight at the deadline is done: every counted one is finished.
  return { completed, elapsedMs: performance.now() - started };
}

export async function measureThroughput(options: ThroughputOptions): Promise<Throughput> {
  const modes: Mode[] = ['transact', 'gateway', 'transactAndGet'];
  for (const mode of modes) await run(options, mode, options.warmUpSeconds);
  const elapsed: Record<Mode, number> = { gateway: 0, transact: 0, transactAndGet: 0 };
  const completed: Record<Mode, number> = { gateway: 0, transact: 0, transactAndGet: 0 };
  for (let r = 0; r < options.rounds; r++) {
    for (let m = 0; m < modes.length; m++) {
      const mode = modes[(r + m) % modes.length] as Mode;
      const result = await run(options, mode, options.secondsPerRound);
      elapsed[mode] += result.elapsedMs;
      completed[mode] += result.completed;
    }
  }
  const perSecond = (mode: Mode) => round((completed[mode] / elapsed[mode]) * 1000, 1);
  const gateway = perSecond('gateway');
  const transact = perSecond('transact');
  const transactAndGet = perSecond('transactAndGet');
  return {
    requestsPerSecond: gateway,
    ratio: ratio(gateway, transact),
    rawTransactPerSecond: transact,
    rawTransactAndGetPerSecond: transactAndGet,
    sameWorkRatio: ratio(gateway, transactAndGet),
    inFlight: options.inFlight,
    operationsPerMode: completed,
  };
}
