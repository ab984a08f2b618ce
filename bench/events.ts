import { randomUUID } from 'node:crypto';
import { marshall } from '@aws-sdk/util-dynamodb';
import type {
  APIGatewayProxyEvent,
  DynamoDBRecord,
  DynamoDBStreamEvent,
  PostConfirmationTriggerEvent,
} from 'aws-lambda';
import Stripe from 'stripe';
import { proxyEvent, tokenAuthorizerEvent } from '#infra/local/lambda-events';
import { API_BASE_PATH } from '#infra/routes';
import { newRecord } from '#shared/ledger/transaction';
import { DEFAULT_BUNDLES } from '#shared/stripe/bundles';

/**
 * The first request each function serves in the bench: a successful one, built exactly as API
 * Gateway (or Cognito) would hand it over, with fresh ids so that no run replays another.
 */
export interface BenchActors {
  readonly sender: string;
  readonly recipient: string;
  readonly admin: string;
  readonly userToken: string;
  readonly adminToken: string;
  readonly webhookSecret: string;
}

export function apiEvent(options: {
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  /** Sent as is (a Stripe delivery must reach the handler byte for byte). */
  rawBody?: string;
  headers?: Record<string, string>;
  query?: Record<string, string>;
  authorizer?: { userId: string; groups: string } | null;
}): APIGatewayProxyEvent {
  const body = options.rawBody ?? (options.body === undefined ? '' : JSON.stringify(options.body));
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'User-Agent': 'daswos-bench',
    ...options.headers,
  };
  const authorizer = options.authorizer
    ? { principalId: options.authorizer.userId, ...options.authorizer }
    : null;
  return proxyEvent({
    method: options.method,
    resource: `${API_BASE_PATH}${options.path}`,
    path: `${API_BASE_PATH}${options.path}`,
    headers,
    query: new URLSearchParams(options.query),
    body,
    authorizer,
    sourceIp: '127.0.0.1',
  });
}

export function transferEvent(actors: BenchActors, from = actors.sender, to = actors.recipient) {
  return apiEvent({
    method: 'POST',
    path: '/transfer',
    body: { toUserId: to, amount: 1, description: 'bench' },
    headers: { 'Idempotency-Key': randomUUID() },
    authorizer: { userId: from, groups: '' },
  });
}

export function giveEvent(actors: BenchActors) {
  return apiEvent({
    method: 'POST',
    path: '/give',
    body: { userId: actors.recipient, amount: 1, reason: 'bench' },
    headers: { 'Idempotency-Key': randomUUID() },
    authorizer: { userId: actors.admin, groups: 'admin' },
  });
}

export function historyEvent(actors: BenchActors, userId = actors.sender) {
  return apiEvent({
    method: 'GET',
    path: '/transactions',
    query: { limit: '20' },
    authorizer: { userId, groups: '' },
  });
}

/** A paid Checkout Session for the smallest bundle, signed as Stripe signs a delivery. */
export function webhookEvent(actors: BenchActors) {
  const bundle = DEFAULT_BUNDLES[0];
  if (!bundle) throw new Error('no default bundle');
  const session = {
    id: `cs_test_${randomUUID().replaceAll('-', '')}`,
    object: 'checkout.session',
    mode: 'payment',
    payment_status: 'paid',
    status: 'complete',
    amount_total: bundle.priceCents,
    currency: bundle.currency,
    client_reference_id: actors.recipient,
    metadata: { userId: actors.recipient, bundleId: bundle.id, coins: String(bundle.coins) },
    payment_intent: `pi_${randomUUID().replaceAll('-', '').slice(0, 24)}`,
  };
  const payload = JSON.stringify({
    id: `evt_${randomUUID().replaceAll('-', '')}`,
    object: 'event',
    type: 'checkout.session.completed',
    data: { object: session },
  });
  const signature = Stripe.webhooks.generateTestHeaderString({
    payload,
    secret: actors.webhookSecret,
  });
  return apiEvent({
    method: 'POST',
    path: '/webhook',
    rawBody: payload,
    headers: { 'Stripe-Signature': signature, 'User-Agent': 'Stripe/1.0' },
  });
}

/** A purchase of the sender's that the bench records before the cold starts. */
export const BENCH_PURCHASE_SESSION = 'cs_bench_pending';

/** GET /purchases/{sessionId} as API Gateway sends it: the template path and its parameter. */
export function purchaseStatusEvent(actors: BenchActors, sessionId: string): APIGatewayProxyEvent {
  const event = apiEvent({
    method: 'GET',
    path: `/purchases/${sessionId}`,
    authorizer: { userId: actors.sender, groups: '' },
  });
  return {
    ...event,
    resource: `${API_BASE_PATH}/purchases/{sessionId}`,
    pathParameters: { sessionId },
  };
}

/** The event a function's cold start serves; `baseline` ignores its event. */
export function firstEventFor(name: string, actors: BenchActors): unknown {
  const user = { userId: actors.sender, groups: '' };
  // `name@sha`, the function at another commit (--compare), serves the same request.
  switch (name.split('@')[0]) {
    case 'baseline':
    case 'get-supply':
      return apiEvent({ method: 'GET', path: '/supply' });
    case 'list-bundles':
      return apiEvent({ method: 'GET', path: '/bundles' });
    case 'get-balance':
      return apiEvent({ method: 'GET', path: '/balance', authorizer: user });
    case 'list-transactions':
      return historyEvent(actors);
    case 'transfer-coins':
      return transferEvent(actors);
    case 'give-coins':
      return giveEvent(actors);
    case 'create-purchase':
      return apiEvent({
        method: 'POST',
        path: '/purchase',
        body: { bundleId: DEFAULT_BUNDLES[0]?.id },
        headers: { 'Idempotency-Key': randomUUID() },
        authorizer: user,
      });
    case 'get-purchase':
      return purchaseStatusEvent(actors, BENCH_PURCHASE_SESSION);
    case 'stripe-webhook':
      return webhookEvent(actors);
    case 'authorize-user':
      return tokenAuthorizerEvent(`Bearer ${actors.userToken}`, 'GET', '/balance');
    case 'authorize-admin':
      return tokenAuthorizerEvent(`Bearer ${actors.adminToken}`, 'POST', '/give');
    case 'create-wallet-on-sign-up':
      return postConfirmationEvent(`bench-signup-${randomUUID()}`);
    case 'publish-transaction-events':
      return streamEvent(actors);
    default:
      throw new Error(`no first event for ${name}`);
  }
}

/** A stream batch of one committed transfer, as Lambda's DynamoDB event source hands it over. */
export function streamEvent(actors: BenchActors): DynamoDBStreamEvent {
  const record = newRecord({
    transactionId: `transfer_${randomUUID()}`,
    type: 'transfer',
    from: actors.sender,
    to: actors.recipient,
    amount: 1,
    referenceId: undefined,
    description: undefined,
    initiatedBy: actors.sender,
    requestHash: 'bench',
    now: new Date(),
  });
  return {
    Records: [
      {
        eventID: randomUUID(),
        eventName: 'INSERT',
        eventSource: 'aws:dynamodb',
        awsRegion: 'us-east-1',
        dynamodb: {
          Keys: { transaction_id: { S: record.transaction_id } },
          NewImage: marshall(record) as NonNullable<DynamoDBRecord['dynamodb']>['NewImage'],
          SequenceNumber: '1',
          StreamViewType: 'NEW_IMAGE',
        },
      },
    ],
  };
}

export function postConfirmationEvent(sub: string): PostConfirmationTriggerEvent {
  return {
    version: '1',
    region: 'us-east-1',
    userPoolId: process.env.COGNITO_USER_POOL_ID ?? 'us-east-1_DasWosLocal',
    userName: sub,
    triggerSource: 'PostConfirmation_ConfirmSignUp',
    callerContext: { awsSdkVersion: 'bench', clientId: process.env.COGNITO_CLIENT_ID ?? '' },
    request: { userAttributes: { sub } },
    response: {},
  } as PostConfirmationTriggerEvent;
}
