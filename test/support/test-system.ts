import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  type LocalSystem,
  type LocalSystemOptions,
  startLocalSystem,
} from '#infra/local/local-system';
import { type AuditReport, auditLedger } from '#shared/audit/audit-ledger';
import { createDocumentClient } from '#shared/dynamo/client';
import { createLedgerContext } from '#shared/ledger/context';
import { tableNamesFromEnv } from '#shared/tables';
import { expectApiContract } from '#test/support/api-contract';
import { dynamoEndpoint, uniqueTablePrefix } from '#test/support/ledger-fixture';

export const API = '/api/daswos-coins';

export interface ApiResponse {
  readonly status: number;
  readonly headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers.
  readonly body: any;
}

export interface RequestOptions {
  readonly token?: string;
  /** An object is sent as JSON; a string is sent as is (for malformed bodies). */
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

export interface TestSystem {
  readonly system: LocalSystem;
  readonly url: string;
  /** Registers the user through POST /local/token (which creates the wallet) and returns a token. */
  register(sub: string, groups?: string[]): Promise<string>;
  /** A client-credentials token through POST /local/token (`shop` may spend, by default). */
  serviceToken(clientId: string, scopes: string[]): Promise<string>;
  request(method: string, path: string, options?: RequestOptions): Promise<ApiResponse>;
  audit(): Promise<AuditReport>;
  /** The stored transaction record (for fields the API does not show, e.g. `client_id`). */
  readTransaction(transactionId: string): Promise<Record<string, unknown> | undefined>;
  /** Arrange an expiry without waiting for it: moves the hold's expiry `seconds` into the past. */
  expireHoldSecondsAgo(holdId: string, seconds?: number): Promise<void>;
  /** Arrange what no route does yet (e.g. a frozen wallet): sets attributes on a wallet item. */
  setWalletAttributes(userId: string, attributes: Record<string, unknown>): Promise<void>;
  stop(): Promise<void>;
}

/** The whole local system (gateway, stand-ins, handlers) on fresh tables in the shared DynamoDB Local. */
export async function startTestSystem(
  options: {
    totalSupply?: number;
    fallback?: LocalSystemOptions['fallback'];
    /** Off unless asked for: tests run the sweeper themselves (`system.sweepHolds()`). */
    holdSweepIntervalMs?: number;
  } = {},
): Promise<TestSystem> {
  const system = await startLocalSystem({
    port: 0,
    dynamoEndpoint: dynamoEndpoint(),
    tablePrefix: uniqueTablePrefix(),
    ...(options.totalSupply === undefined ? {} : { totalSupply: options.totalSupply }),
    holdSweepIntervalMs: options.holdSweepIntervalMs ?? 0,
    // The web page's end-to-end test serves the built page beside the API.
    ...(options.fallback ? { fallback: options.fallback } : {}),
  });
  const auditContext = createLedgerContext({
    db: createDocumentClient({ endpoint: system.dynamoEndpoint }),
    tables: tableNamesFromEnv(process.env),
  });

  /** Every answer is checked against docs/openapi.json: an undescribed one fails the test. */
  async function request(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<ApiResponse> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.body !== undefined) {
      body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${system.url}${path}`, {
      method,
      headers,
      body,
      redirect: 'manual',
    });
    const text = await response.text();
    expectApiContract({ method, path, status: response.status, headers: response.headers, text });
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Not JSON: tests that care assert on the text.
    }
    return { status: response.status, headers: response.headers, body: parsed };
  }

  return {
    system,
    url: system.url,
    register: async (sub, groups) => {
      const response = await request('POST', '/local/token', {
        body: { sub, ...(groups ? { groups } : {}) },
      });
      if (response.status !== 200)
        throw new Error(`register ${sub}: ${response.status} ${JSON.stringify(response.body)}`);
      return response.body.token as string;
    },
    serviceToken: async (clientId, scopes) => {
      const response = await request('POST', '/local/token', { body: { clientId, scopes } });
      if (response.status !== 200)
        throw new Error(
          `service token ${clientId}: ${response.status} ${JSON.stringify(response.body)}`,
        );
      return response.body.token as string;
    },
    request,
    audit: () => auditLedger(auditContext),
    setWalletAttributes: async (userId, attributes) => {
      const names = Object.keys(attributes);
      await auditContext.db.send(
        new UpdateCommand({
          TableName: auditContext.tables.wallets,
          Key: { user_id: userId },
          UpdateExpression: `SET ${names.map((_, i) => `#a${i} = :v${i}`).join(', ')}`,
          ExpressionAttributeNames: Object.fromEntries(names.map((name, i) => [`#a${i}`, name])),
          ExpressionAttributeValues: Object.fromEntries(
            names.map((name, i) => [`:v${i}`, attributes[name]]),
          ),
        }),
      );
    },
    expireHoldSecondsAgo: async (holdId, seconds = 1) => {
      await auditContext.db.send(
        new UpdateCommand({
          TableName: auditContext.tables.holds,
          Key: { hold_id: holdId },
          UpdateExpression: 'SET expires_at = :past',
          ConditionExpression: 'attribute_exists(hold_id)',
          ExpressionAttributeValues: {
            ':past': new Date(Date.now() - seconds * 1000).toISOString(),
          },
        }),
      );
    },
    readTransaction: async (transactionId) =>
      (
        await auditContext.db.send(
          new GetCommand({
            TableName: auditContext.tables.transactions,
            Key: { transaction_id: transactionId },
            ConsistentRead: true,
          }),
        )
      ).Item,
    stop: () => system.stop(),
  };
}
