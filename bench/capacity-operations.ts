import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { lambdaContext } from '#infra/local/lambda-events';
import type { LocalSystem } from '#infra/local/local-system';
import { defaultLedger } from '#shared/ledger/ledger';
import { DEFAULT_BUNDLES } from '#shared/stripe/bundles';
import { type Capacity, capture, priceCalls } from './capacity';
import {
  type BenchActors,
  batchApprovalEvent,
  batchGiveEvent,
  claimReferralEvent,
  firstEventFor,
  freezeEvent,
  giveEvent,
  grantDecisionEvent,
  historyEvent,
  holdEvent,
  placeHoldEvent,
  purchaseStatusEvent,
  rewardEvent,
  spendEvent,
  subscribeEvent,
  transferEvent,
} from './events';

/**
 * Runs each priced operation once, for real, with its requests captured: a transfer (twice: the
 * velocity counters open, then add to, the sender's windows in the same wallet write), a giveaway,
 * a spend, a hold, a capture and a void, and a history page through their handlers; a purchase as Stripe completes it (the stand-in
 * pays a Checkout Session created through POST /purchase and delivers the signed webhook to the
 * gateway, whose handler mints). Creating the session is priced too, as `checkout`, and reading
 * where it stands, as `purchase-status`. A subscription is priced as `subscribe` (POST
 * /subscribe), `allowance` (a renewal's invoice.paid, the monthly mint) and `subscription-status`.
 * Earning: a `reward` (with its daily counter), a `referral-claim`, and `referral`, the delivery
 * that credits a referred user's first purchase (the purchase and both referral bonuses).
 */
type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

async function handlerOf(name: string): Promise<Handler> {
  return ((await import(`#functions/${name}`)) as { handler: Handler }).handler;
}

async function expectStatus(
  name: string,
  answer: Promise<{ statusCode: number; body: string }>,
  status: number,
): Promise<{ statusCode: number; body: string }> {
  const result = await answer;
  if (result.statusCode !== status) {
    throw new Error(`${name} answered ${result.statusCode}: ${result.body.slice(0, 300)}`);
  }
  return result;
}

/** POST /purchase for the smallest bundle; the Checkout Session's id. */
async function openSession(apiUrl: string, token: string): Promise<string> {
  const response = await fetch(`${apiUrl}/purchase`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ bundleId: DEFAULT_BUNDLES[0]?.id }),
  });
  const body = (await response.json()) as { sessionId?: string };
  if (response.status !== 200 || !body.sessionId) {
    throw new Error(`POST /purchase answered ${response.status}: ${JSON.stringify(body)}`);
  }
  return body.sessionId;
}

export async function measureCapacity(options: {
  readonly system: LocalSystem;
  readonly db: DynamoDBDocumentClient;
  readonly probe: DynamoDBDocumentClient;
  readonly actors: BenchActors;
  /** A user with more than a page of sent and of received transactions. */
  readonly historyUser: string;
  readonly apiUrl: string;
}): Promise<Record<string, Capacity>> {
  const { db, probe, actors, system } = options;
  const price = async (operation: () => Promise<unknown>) =>
    priceCalls(await capture(db, probe, operation));
  const call = (name: string, handler: Handler, event: APIGatewayProxyEvent, status: number) =>
    expectStatus(name, handler(event, lambdaContext(name)), status);

  const transfer = await handlerOf('transfer-coins');
  const give = await handlerOf('give-coins');
  const history = await handlerOf('list-transactions');
  const capacity: Record<string, Capacity> = {};
  // A sender's first transfer of the hour opens its velocity windows; the next adds to them.
  // Both write the same three items as a transfer without counters (zero extra write units;
  // test/bench/velocity-capacity.test.ts compares them with a plain ledger transfer).
  const sender = 'bench-capacity-sender';
  await defaultLedger().createWallet(sender);
  await defaultLedger().mint({ to: sender, amount: 1_000, type: 'giveaway' });
  capacity.transfer = await price(() =>
    call('transfer-coins', transfer, transferEvent(actors, sender), 201),
  );
  capacity['transfer-again'] = await price(() =>
    call('transfer-coins', transfer, transferEvent(actors, sender), 201),
  );
  capacity.give = await price(() => call('give-coins', give, giveEvent(actors), 201));
  // A batch: the batch item and the daily counter once (the item holds the grants, so it grows
  // with them), then per grant the giveaway's four items, its release check and its log entry.
  // One grant and ten, so a grant's own share reads as the difference over nine.
  const giveBatch = await handlerOf('give-coins-batch');
  capacity['give-batch-1'] = await price(() =>
    call('give-coins-batch', giveBatch, batchGiveEvent(actors, [actors.recipient]), 200),
  );
  capacity['give-batch-10'] = await price(() =>
    call(
      'give-coins-batch',
      giveBatch,
      batchGiveEvent(actors, [actors.recipient, ...actors.rewardees.slice(0, 9)]),
      200,
    ),
  );
  // A second admin's approval: the grant read, then one transaction of seven items (the
  // giveaway's four, the grant, the requester's daily counter, the log entry). The grant's
  // move between the status lists is an index update this pricing leaves out (Puts only).
  const approve = await handlerOf('approve-grant');
  capacity['approve-grant'] = await price(() =>
    call('approve-grant', approve, grantDecisionEvent(actors, 'approve'), 201),
  );
  // A batch's approval: the batch read, one transaction (the batch's status, the requester's
  // counter, the log entry), then its two grants as any batch settles them.
  capacity['approve-batch-2'] = await price(() =>
    call('approve-grant', approve, batchApprovalEvent(actors), 200),
  );
  const freeze = await handlerOf('admin-freeze-wallet');
  const unfreeze = await handlerOf('admin-unfreeze-wallet');
  capacity.freeze = await price(() =>
    call('admin-freeze-wallet', freeze, freezeEvent(actors, 'freeze'), 200),
  );
  await call('admin-unfreeze-wallet', unfreeze, freezeEvent(actors, 'unfreeze'), 200);

  const stripe = system.stripe;
  if (!stripe) throw new Error('the bench needs the local Stripe stand-in (no real Stripe key)');
  let sessionId = '';
  capacity.checkout = await price(async () => {
    const response = await fetch(`${options.apiUrl}/purchase`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${actors.userToken}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ bundleId: DEFAULT_BUNDLES[0]?.id }),
    });
    const body = (await response.json()) as { sessionId?: string };
    if (response.status !== 200 || !body.sessionId) {
      throw new Error(`POST /purchase answered ${response.status}: ${JSON.stringify(body)}`);
    }
    sessionId = body.sessionId;
  });
  capacity.purchase = await price(async () => {
    const { delivery } = await stripe.pay(sessionId);
    if (delivery?.status !== 200 || !delivery.body.includes('"credited"')) {
      throw new Error(`the webhook answered ${delivery?.status}: ${delivery?.body}`);
    }
  });
  const status = await handlerOf('get-purchase');
  capacity['purchase-status'] = await price(async () => {
    const answer = await call('get-purchase', status, purchaseStatusEvent(actors, sessionId), 200);
    if (!answer.body.includes('"credited"')) throw new Error(`not credited: ${answer.body}`);
  });

  const spend = await handlerOf('spend-coins');
  const placeHold = await handlerOf('place-hold');
  const captureHold = await handlerOf('capture-hold');
  const voidHold = await handlerOf('void-hold');
  capacity.spend = await price(() => call('spend-coins', spend, spendEvent(actors), 201));
  capacity.hold = await price(() => call('place-hold', placeHold, placeHoldEvent(actors), 201));
  // A partial capture: the spend, the hold's status, the rest back to the balance.
  capacity.capture = await price(() =>
    call('capture-hold', captureHold, holdEvent(actors.nextHold(), 'capture'), 200),
  );
  capacity.void = await price(() =>
    call('void-hold', voidHold, holdEvent(actors.nextHold(), 'void'), 200),
  );
  // A subscription: POST /subscribe (the sender's Stripe customer is recorded already), then,
  // once the first month is paid, one renewal's `invoice.paid`: the monthly allowance's mint.
  const subscribe = await handlerOf('create-subscription');
  capacity.subscribe = await price(async () => {
    const answer = await call('create-subscription', subscribe, subscribeEvent(actors), 200);
    sessionId = String((JSON.parse(answer.body) as { sessionId: string }).sessionId);
  });
  await stripe.billing.pay(sessionId);
  const subscriptionId = String(stripe.session(sessionId)?.subscription);
  capacity.allowance = await price(async () => {
    const { deliveries } = await stripe.billing.renew(subscriptionId);
    const delivery = deliveries[0];
    if (delivery?.status !== 200 || !delivery.body.includes('"credited"')) {
      throw new Error(`the webhook answered ${delivery?.status}: ${delivery?.body}`);
    }
  });
  const subscription = await handlerOf('get-subscription');
  capacity['subscription-status'] = await price(() =>
    call('get-subscription', subscription, firstEventFor('get-subscription', actors) as never, 200),
  );

  const reward = await handlerOf('grant-reward');
  capacity.reward = await price(() => call('grant-reward', reward, rewardEvent(actors), 201));
  const claim = await handlerOf('claim-referral');
  const referee = `bench-referee-${Date.now()}`;
  capacity['referral-claim'] = await price(() =>
    call('claim-referral', claim, claimReferralEvent(actors, referee), 201),
  );
  const refereeToken = await system.cognito.issueToken({ sub: referee });
  const refereeSession = await openSession(options.apiUrl, refereeToken);
  capacity.referral = await price(async () => {
    const { delivery } = await stripe.pay(refereeSession);
    if (delivery?.status !== 200 || !delivery.body.includes('"credited"')) {
      throw new Error(`the webhook answered ${delivery?.status}: ${delivery?.body}`);
    }
  });

  capacity.history = await price(async () => {
    const page = await call(
      'list-transactions',
      history,
      historyEvent(actors, options.historyUser),
      200,
    );
    const { transactions } = JSON.parse(page.body) as { transactions: unknown[] };
    if (transactions.length !== 20) throw new Error(`a history page had ${transactions.length}`);
  });
  return capacity;
}
