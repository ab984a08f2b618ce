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
  request(method: string, path: string, options?: RequestOptions): Promise<ApiResponse>;
  audit(): Promise<AuditReport>;
  stop(): Promise<void>;
}

/** The whole local system (gateway, stand-ins, handlers) on fresh tables in the shared DynamoDB Local. */
export async function startTestSystem(
  options: { totalSupply?: number; fallback?: LocalSystemOptions['fallback'] } = {},
): Promise<TestSystem> {
  const system = await startLocalSystem({
    port: 0,
    dynamoEndpoint: dynamoEndpoint(),
    tablePrefix: uniqueTablePrefix(),
    ...(options.totalSupply === undefined ? {} : { totalSupply: options.totalSupply }),
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
    request,
    audit: () => auditLedger(auditContext),
    stop: () => system.stop(),
  };
}
