import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { startDynamoDbLocal } from '#infra/local/dynamodb-local';
import { lambdaContext } from '#infra/local/lambda-events';
import { startLocalSystem } from '#infra/local/local-system';
import { API_BASE_PATH } from '#infra/routes';
import { createDocumentClient } from '#shared/dynamo/client';
import { giveBatch } from '#shared/grants/batch-give';
import { give } from '#shared/grants/give';
import { giveSettingsFromEnv } from '#shared/grants/settings';
import { defaultHolds } from '#shared/holds/holds';
import { defaultLedger } from '#shared/ledger/ledger';
import { recordPendingPurchase } from '#shared/purchases/purchase-store';
import { createReferrals } from '#shared/referrals/referrals';
import { readReserve } from '#shared/reserve/reserve';
import { serviceClientsFromEnv } from '#shared/services/service-clients';
import { DEFAULT_PLANS } from '#shared/subscriptions/plans';
import { measureBatchGive } from './batch-give-throughput';
import { FUNCTION_NAMES, measureBundles } from './bundles';
import { measureCapacity } from './capacity-operations';
import { measureColdStarts } from './cold-start';
import { buildAtCommit } from './compare';
import { BENCH_PURCHASE_SESSION, type BenchActors, transferEvent } from './events';
import { measureThroughput } from './gateway-throughput';
import { measureHandlerOverhead } from './handler-overhead';
import { formatTable, toJson } from './report';
import { scaleFigures } from './scale-model';
import { captureTransferRequests, type TransferHandler } from './transfer-requests';

/**
 * `npm run bench [-- --json FILE] [--compare REF] [--quick]`: bundle sizes, cold starts, handler
 * overhead, gateway throughput and DynamoDB cost per operation, each against a baseline measured
 * in the same run on this machine (see docs/performance.md). `--compare REF` also builds and
 * cold-starts the functions as they were at commit REF (rows `name@sha`), for a before/after in
 * one run. `--quick` is for working on the bench.
 */
const args = process.argv.slice(2);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const jsonFile = option('--json');
const compareRef = option('--compare');
const quick = args.includes('--quick');
const settings = quick
  ? { coldRounds: 2, calls: 150, warmUp: 20, block: 25, tpSeconds: 1, tpRounds: 1 }
  : { coldRounds: 10, calls: 2_000, warmUp: 100, block: 100, tpSeconds: 2.5, tpRounds: 3 };

// Production's log level (the stack's INFO), and no Node-version nagging from the SDK.
process.env.POWERTOOLS_LOG_LEVEL ??= 'INFO';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const GATEWAY_WALLETS = 16;
const FUNDING = 10_000_000;

function serveJson(body: unknown): Promise<Server> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function main(): Promise<void> {
  const started = performance.now();
  const step = (what: string) =>
    console.info(`[bench ${((performance.now() - started) / 1000).toFixed(0)} s] ${what}`);

  step('bundling every function twice (as deployed, SDK bundled)');
  const bundles = await measureBundles();
  const comparison = compareRef ? await buildAtCommit(compareRef) : undefined;
  Object.assign(bundles.functions, comparison?.bundles);

  // Grants small enough that a day's approvals stay within one requester's daily limit.
  process.env.GIVE_APPROVAL_THRESHOLD ??= '1000';
  // The bench measures speed and cost, not the senders' limits: thousands of transfers per
  // sender per hour must go through (the cold-start processes inherit this too).
  process.env.TRANSFER_LIMITS ??= JSON.stringify({
    transfersPerHour: 1_000_000,
    coinsPerDay: 1_000_000_000,
  });
  step('starting DynamoDB Local and the local system');
  const dynamo = await startDynamoDbLocal();
  const system = await startLocalSystem({
    port: 0,
    dynamoEndpoint: dynamo.endpoint,
    tablePrefix: 'bench_',
  });
  const jwks = await serveJson(system.cognito.jwks);
  // EventBridge's answer to the event publisher's one-entry PutEvents.
  const eventBridge = await serveJson({ FailedEntryCount: 0, Entries: [{ EventId: 'bench' }] });
  const probe = createDocumentClient({ endpoint: dynamo.endpoint });
  const wallets = Array.from({ length: GATEWAY_WALLETS }, (_, i) => `bench-gw-${i}`);
  try {
    const ledger = defaultLedger();
    const actors: BenchActors = {
      sender: 'bench-sender',
      recipient: 'bench-recipient',
      admin: 'bench-admin',
      userToken: await system.cognito.issueToken({ sub: 'bench-sender' }),
      adminToken: await system.cognito.issueToken({ sub: 'bench-admin', groups: ['admin'] }),
      webhookSecret: process.env.STRIPE_WEBHOOK_SECRET ?? '',
      pendingGrants: [],
      pendingBatches: [],
      serviceToken: await system.cognito.issueServiceToken({
        clientId: 'shop',
        scopes: ['daswos-coins/spend'],
      }),
      nextHold: () => {
        const holdId = holdPool.pop();
        if (!holdId) throw new Error('the bench ran out of held holds');
        return holdId;
      },
      referralCode: (await createReferrals(ledger.context).summary('bench-recipient')).code,
      rewardees: wallets,
    };
    const holdPool: string[] = [];
    for (const userId of [actors.sender, actors.recipient, ...wallets]) {
      await ledger.createWallet(userId);
      await ledger.mint({ to: userId, amount: FUNDING, type: 'giveaway', description: 'bench' });
    }
    // GET /purchases/{sessionId}'s cold start reads a purchase of the sender's.
    await recordPendingPurchase(ledger.context, {
      sessionId: BENCH_PURCHASE_SESSION,
      userId: actors.sender,
      bundleId: 'coins-100',
      coins: 100,
    });

    // Grants for the approve and reject functions' cold starts (one per round) and the capacity
    // table, requested by another admin than the one who decides.
    const giveSettings = giveSettingsFromEnv();
    for (let i = 0; i < 2 * (settings.coldRounds + 1) + 2; i++) {
      const requested = await give(ledger.context, giveSettings, {
        adminId: 'bench-requester',
        to: actors.recipient,
        amount: giveSettings.approvalThreshold + 1,
      });
      if (requested.outcome !== 'pending_approval') throw new Error('no grant was requested');
      actors.pendingGrants.push(requested.grant.grantId);
    }

    // A batch above the threshold for the capacity table's approval: two grants, 1,001 coins.
    const requestedBatch = await giveBatch(ledger.context, giveSettings, {
      adminId: 'bench-requester',
      grants: [
        { userId: actors.recipient, amount: giveSettings.approvalThreshold },
        { userId: actors.sender, amount: 1 },
      ],
      idempotencyKey: randomUUID(),
    });
    if (requestedBatch.outcome !== 'pending_approval') throw new Error('no batch was requested');
    actors.pendingBatches.push(requestedBatch.batch.batchId);

    // Captures and voids settle a hold each: one per cold start of get/capture/void, per round.
    const shop = serviceClientsFromEnv().get('shop');
    if (!shop) throw new Error('SERVICE_CLIENTS has no shop');
    for (let i = 0; i < (settings.coldRounds + 1) * 3 + 2; i++) {
      const { hold } = await defaultHolds().place({
        client: shop,
        userId: actors.sender,
        amount: 2,
        feature: 'bench',
        idempotencyKey: `bench-hold-${randomUUID()}`,
      });
      holdPool.push(hold.holdId);
    }

    // POST /subscription/portal's cold start opens the portal of the sender's Stripe customer.
    const subscribed = await fetch(`${system.url}${API_BASE_PATH}/subscribe`, {
      method: 'POST',
      headers: { authorization: `Bearer ${actors.userToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ planId: DEFAULT_PLANS[0]?.id }),
    });
    if (subscribed.status !== 200) throw new Error(`POST /subscribe: ${subscribed.status}`);

    // The scheduled audit is left out: its first run scans the whole ledger, however big the
    // bench has made it so far, and no request waits for it.
    const coldFunctions = [...FUNCTION_NAMES, ...(comparison?.names ?? [])].filter(
      (name) => !name.startsWith('audit-ledger'),
    );
    step(`cold starts: ${settings.coldRounds} rounds of ${coldFunctions.length + 1} processes`);
    const { port } = jwks.address() as AddressInfo;
    const coldStart = await measureColdStarts(coldFunctions, actors, {
      rounds: settings.coldRounds,
      jwksUrl: `http://127.0.0.1:${port}/.well-known/jwks.json`,
      eventBridgeUrl: `http://127.0.0.1:${(eventBridge.address() as AddressInfo).port}`,
    });

    const { handler } = (await import('#functions/transfer-coins')) as {
      handler: TransferHandler;
    };
    const db = ledger.context.db;
    // A sender with no transfer yet: the captured debit opens its velocity windows, which the
    // bare copies can then repeat (transfer-requests.ts).
    const captureSender = 'bench-capture';
    await ledger.createWallet(captureSender);
    await ledger.mint({
      to: captureSender,
      amount: FUNDING,
      type: 'giveaway',
      description: 'bench',
    });
    const template = await captureTransferRequests(db, probe, () =>
      handler(transferEvent(actors, captureSender), lambdaContext('transfer-coins')),
    );

    step(`handler overhead: ${settings.calls} calls of each kind, one at a time`);
    const handlerOverhead = await measureHandlerOverhead({
      handler,
      db,
      template,
      actors,
      calls: settings.calls,
      warmUpCalls: settings.warmUp,
      blockSize: settings.block,
    });

    step(`gateway throughput: ${GATEWAY_WALLETS} in flight`);
    const gatewayThroughput = await measureThroughput({
      url: system.url,
      db,
      template,
      wallets: await Promise.all(
        wallets.map(async (userId) => ({
          userId,
          token: await system.cognito.issueToken({ sub: userId }),
        })),
      ),
      inFlight: 16,
      secondsPerRound: settings.tpSeconds,
      rounds: settings.tpRounds,
      warmUpSeconds: 0.5,
    });

    step('DynamoDB work per operation');
    const capacity = await measureCapacity({
      system,
      db,
      probe,
      actors,
      historyUser: wallets[1] ?? actors.sender,
      apiUrl: `${system.url}${API_BASE_PATH}`,
    });

    const reserveShards = (await readReserve(ledger.context)).shards.length;
    step('batch giveaways: grants per second');
    const batchGive = await measureBatchGive({
      apiUrl: system.url,
      adminToken: actors.adminToken,
      ledger,
      grants: quick ? 200 : 1_000,
      rounds: quick ? 1 : 3,
    });

    const results = {
      bundles,
      coldStart,
      handlerOverhead,
      gatewayThroughput,
      capacity,
      scale: scaleFigures(capacity, reserveShards),
      batchGive,
      elapsedSeconds: Math.round((performance.now() - started) / 1000),
    };
    console.info(`\n${formatTable(results)}`);
    if (jsonFile) writeFileSync(jsonFile, `${JSON.stringify(toJson(results), null, 2)}\n`);
  } finally {
    probe.destroy();
    jwks.close();
    eventBridge.close();
    await system.stop();
    await dynamo.stop();
  }
}

main().then(
  // The SDK's keep-alive sockets would hold the process open for a while: end it now.
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
