import { randomUUID } from 'node:crypto';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import Stripe from 'stripe';
import { type LocalSystem, startLocalSystem } from '#infra/local/local-system';
import type { StripeStandIn } from '#infra/local/stripe-stand-in';
import { API_BASE_PATH } from '#infra/routes';
import { type AuditReport, auditLedger } from '#shared/audit/audit-ledger';
import { createDocumentClient } from '#shared/dynamo/client';
import { createLedgerContext } from '#shared/ledger/context';
import { createLedger, type Ledger } from '#shared/ledger/ledger';
import { SYSTEM_USER_ID } from '#shared/ledger/rules';
import { type TableNames, tableNamesFromEnv } from '#shared/tables';
import { expectApiContract } from '#test/support/api-contract';
import { uniqueTablePrefix } from '#test/support/ledger-fixture';

export { defaultBundle, fixture, paidSession, stripeEvent } from '#test/support/stripe-events';

/**
 * The whole system (gateway, handlers, Cognito and Stripe stand-ins) on its own tables in the
 * shared DynamoDB Local, driven over HTTP as a browser, a client app or Stripe would.
 */
type Json = Record<string, unknown>;

export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly body: Json;
}

export interface StripeTestSystem {
  readonly system: LocalSystem;
  readonly url: string;
  readonly stripe: StripeStandIn;
  readonly tables: TableNames;
  readonly webhookSecret: string;
  /** The same tables, read directly: for what the API does not show (a purchase's PaymentIntent). */
  readonly ledger: Ledger;
  request(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<Answer>;
  /** Registers a user (the sign-up trigger gives them a wallet) and returns their token. */
  signUp(userId?: string): Promise<{ userId: string; token: string }>;
  sign(payload: string, options?: { secret?: string; timestamp?: number }): string;
  /** Posts a raw body to the webhook with the given signature header (none when undefined). */
  postWebhook(payload: string, signature: string | undefined): Promise<Answer>;
  /** Signs and delivers an event as Stripe would. */
  deliver(event: Json): Promise<Answer>;
  balance(userId: string): Promise<number>;
  /** The user's history as GET /transactions answers it (the first page). */
  history(token: string): Promise<Record<string, unknown>[]>;
  audit(): Promise<AuditReport>;
  stop(): Promise<void>;
}

/** Every answer is checked against docs/openapi.json: an undescribed one fails the test. */
async function answerOf(method: string, path: string, response: Response): Promise<Answer> {
  const text = await response.text();
  expectApiContract({ method, path, status: response.status, headers: response.headers, text });
  let body: Json = {};
  try {
    body = text ? (JSON.parse(text) as Json) : {};
  } catch {
    // HTML or an empty redirect: `text` has it.
  }
  return { status: response.status, headers: response.headers, text, body };
}

export async function startStripeTestSystem(
  options: { totalSupply?: number } = {},
): Promise<StripeTestSystem> {
  const tablePrefix = uniqueTablePrefix();
  const system = await startLocalSystem({
    port: 0,
    dynamoEndpoint: process.env.DYNAMODB_ENDPOINT,
    tablePrefix,
    ...(options.totalSupply === undefined ? {} : { totalSupply: options.totalSupply }),
  });
  if (!system.stripe)
    throw new Error('The Stripe stand-in did not start: is STRIPE_SECRET_KEY set?');
  const tables = tableNamesFromEnv({}, tablePrefix);
  const endpoint = system.dynamoEndpoint;
  const db = createDocumentClient({ endpoint });
  const webhookSecret = process.env.STRIPE_WEBHOOK_SECRET ?? '';

  const request: StripeTestSystem['request'] = async (method, path, opts = {}) => {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.body !== undefined) headers['content-type'] ??= 'application/json';
    const response = await fetch(`${system.url}${path}`, {
      method,
      headers,
      redirect: 'manual',
      ...(opts.body === undefined
        ? {}
        : { body: typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body) }),
    });
    return answerOf(method, path, response);
  };

  const sign: StripeTestSystem['sign'] = (payload, opts = {}) =>
    Stripe.webhooks.generateTestHeaderString({
      payload,
      secret: opts.secret ?? webhookSecret,
      ...(opts.timestamp === undefined ? {} : { timestamp: opts.timestamp }),
    });

  const postWebhook: StripeTestSystem['postWebhook'] = (payload, signature) =>
    request('POST', `${API_BASE_PATH}/webhook`, {
      body: payload,
      headers: signature === undefined ? {} : { 'stripe-signature': signature },
    });

  return {
    system,
    url: system.url,
    stripe: system.stripe,
    tables,
    webhookSecret,
    ledger: createLedger(createLedgerContext({ db, tables })),
    request,
    signUp: async (userId = `buyer-${randomUUID().slice(0, 8)}`) => {
      const answer = await request('POST', '/local/token', { body: { sub: userId } });
      if (answer.status !== 200) throw new Error(`sign-up failed: ${answer.text}`);
      return { userId, token: String(answer.body.token) };
    },
    sign,
    postWebhook,
    deliver: (event) => {
      const payload = JSON.stringify(event, null, 2);
      return postWebhook(payload, sign(payload));
    },
    history: async (token) => {
      const answer = await request('GET', `${API_BASE_PATH}/transactions`, { token });
      return answer.body.transactions as Record<string, unknown>[];
    },
    balance: async (userId) => {
      const { Item } = await db.send(
        new GetCommand({
          TableName: tables.wallets,
          Key: { user_id: userId },
          ConsistentRead: true,
        }),
      );
      return Number(Item?.balance ?? Number.NaN);
    },
    audit: () => auditLedger(createLedgerContext({ db, tables })),
    stop: async () => {
      await system.stop();
      const admin = new DynamoDBClient({
        endpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      });
      await Promise.all(
        Object.values(tables).map((TableName) => admin.send(new DeleteTableCommand({ TableName }))),
      );
      admin.destroy();
      db.destroy();
    },
  };
}

/** Every invariant of the ledger holds; jest prints the breaches by name if not. */
export async function expectInvariants(t: StripeTestSystem): Promise<AuditReport> {
  const report = await t.audit();
  expect(report.breaches).toEqual([]);
  return report;
}

export { API_BASE_PATH, SYSTEM_USER_ID };
