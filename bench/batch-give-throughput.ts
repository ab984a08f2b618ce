import { performance } from 'node:perf_hooks';
import { API_BASE_PATH } from '#infra/routes';
import { mapInOrder } from '#shared/concurrency';
import type { Ledger } from '#shared/ledger/ledger';

/**
 * Grants per second of POST /give/batch on DynamoDB Local: a batch of `grants` one-coin grants to
 * as many wallets, through the local gateway (the admin authorizer, the handler, its 16 grants in
 * flight), `rounds` times with fresh keys. Every grant is a full mint with its companions, so this
 * is DynamoDB Local's pace for 6-item transactions that all touch the DASWOS AI wallet and the
 * supply row; on AWS that one item is the ceiling issue 16's reserve shards lift.
 */
export interface BatchGiveThroughput {
  readonly grants: number;
  readonly rounds: number;
  /** Each round's wall time for the whole request, in seconds. */
  readonly seconds: readonly number[];
  /** Grants over the median round's time. */
  readonly grantsPerSecond: number;
}

export async function measureBatchGive(options: {
  readonly apiUrl: string;
  readonly adminToken: string;
  readonly ledger: Ledger;
  readonly grants: number;
  readonly rounds: number;
}): Promise<BatchGiveThroughput> {
  const { apiUrl, adminToken, ledger, grants, rounds } = options;
  const recipients = Array.from({ length: grants }, (_, i) => `bench-batch-${i}`);
  await mapInOrder(recipients, 16, (userId) => ledger.createWallet(userId));
  const body = JSON.stringify({
    grants: recipients.map((userId) => ({ userId, amount: 1 })),
    reason: 'bench',
  });
  const seconds: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const started = performance.now();
    const response = await fetch(`${apiUrl}${API_BASE_PATH}/give/batch`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${adminToken}`,
        'content-type': 'application/json',
        'idempotency-key': `bench-batch-${Date.now()}-${round}`,
      },
      body,
    });
    const answer = (await response.json()) as { results?: { status: string }[] };
    seconds.push((performance.now() - started) / 1000);
    const credited = answer.results?.filter((result) => result.status === 'credited').length;
    if (response.status !== 200 || credited !== grants) {
      throw new Error(`a batch of ${grants} answered ${response.status}, ${credited} credited`);
    }
  }
  const median = [...seconds].sort((a, b) => a - b)[Math.floor(seconds.length / 2)] ?? 0;
  return {
    grants,
    rounds,
    seconds: seconds.map((s) => Math.round(s * 100) / 100),
    grantsPerSecond: Math.round(grants / median),
  };
}
