import type { IncomingMessage, ServerResponse } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type LocalCognito, startLocalCognito } from '#infra/local/cognito-stand-in';
import { type DynamoDbLocal, startDynamoDbLocal } from '#infra/local/dynamodb-local';
import { type EventFeed, startEventFeed } from '#infra/local/event-feed';
import { type LocalGateway, type LocalRoute, startLocalGateway } from '#infra/local/gateway';
import {
  type StripeStandIn,
  startStripeStandIn,
  usesStripeStandIn,
} from '#infra/local/stripe-stand-in';
import { routes } from '#infra/routes';
import { cognitoSettingsFromEnv } from '#shared/auth/verifiers';
import { createTables } from '#shared/dynamo/create-tables';
import { defaultLedger } from '#shared/ledger/ledger';
import { tableNamesFromEnv } from '#shared/tables';

/** Settings a laptop needs and AWS provides; each can be overridden by the environment or .env. */
export const LOCAL_DEFAULTS: Readonly<Record<string, string>> = {
  PORT: '5000',
  DATA_DIR: '.data',
  AWS_REGION: 'us-east-1',
  COGNITO_USER_POOL_ID: 'us-east-1_DasWosLocal',
  COGNITO_CLIENT_ID: 'daswos-coins-local',
};

export interface LocalSystemOptions {
  readonly port: number;
  readonly host?: string;
  /** Use this DynamoDB (tests share one); otherwise start DynamoDB Local on `dataDir`. */
  readonly dynamoEndpoint?: string;
  /** Where DynamoDB Local keeps its data; in memory when absent. */
  readonly dataDir?: string;
  /** Prefix for the table names, so several systems can share one DynamoDB. */
  readonly tablePrefix?: string;
  /** Supply to seed a fresh ledger with (tests use small ones). */
  readonly totalSupply?: number;
  /** Extra local-only routes (the Stripe stand-in adds its own). */
  readonly localRoutes?: readonly LocalRoute[];
  readonly fallback?: (request: IncomingMessage, response: ServerResponse) => Promise<boolean>;
  /** Hears each step of the start (`npm start` prints them). */
  readonly log?: (line: string) => void;
}

export interface LocalSystem {
  readonly url: string;
  readonly dynamoEndpoint: string;
  readonly cognito: LocalCognito;
  readonly gateway: LocalGateway;
  /** The local Stripe stand-in, when no real test-mode key is configured. */
  readonly stripe: StripeStandIn | undefined;
  /** What the platform's event bus would receive, read from DynamoDB Local's stream. */
  readonly events: EventFeed;
  stop(): Promise<void>;
}

/**
 * The whole system on one machine: DynamoDB Local with the shared table definitions, a seeded
 * ledger, the Cognito stand-in, and the local gateway over the route table's handlers.
 * Environment values already set win over the local defaults.
 */
export async function startLocalSystem(options: LocalSystemOptions): Promise<LocalSystem> {
  for (const [name, value] of Object.entries(LOCAL_DEFAULTS)) process.env[name] ??= value;
  const log = options.log ?? (() => {});
  let dynamo: DynamoDbLocal | undefined;
  if (!options.dynamoEndpoint) {
    log('DynamoDB Local: starting on 127.0.0.1…');
    dynamo = await startDynamoDbLocal({ dataDir: options.dataDir });
  }
  const endpoint = options.dynamoEndpoint ?? dynamo?.endpoint ?? '';
  process.env.DYNAMODB_ENDPOINT = endpoint;
  const tables = tableNamesFromEnv(process.env, options.tablePrefix ?? '');
  process.env.SUPPLY_TABLE = tables.supply;
  process.env.WALLETS_TABLE = tables.wallets;
  process.env.TRANSACTIONS_TABLE = tables.transactions;
  process.env.PURCHASES_TABLE = tables.purchases;
  let stripe: StripeStandIn | undefined;
  let events: EventFeed | undefined;

  try {
    const admin = new DynamoDBClient({
      endpoint,
      region: process.env.AWS_REGION,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    log('ledger: creating the tables and seeding the supply where missing…');
    await createTables(admin, tables);
    admin.destroy();
    // Handlers build their ledger once per process, as a Lambda does: one system per process.
    if (defaultLedger().context.tables.wallets !== tables.wallets) {
      throw new Error('A process serves one local system: its handlers are bound to the first one');
    }
    await defaultLedger().seed(options.totalSupply);

    log('events: reading the transactions stream for GET /local/events…');
    events = await startEventFeed({
      endpoint,
      region: process.env.AWS_REGION ?? 'us-east-1',
      tableName: tables.transactions,
    });

    log('gateway: loading the handlers and the Cognito and Stripe stand-ins…');
    const cognito = await startLocalCognito(cognitoSettingsFromEnv());
    if (usesStripeStandIn()) stripe = await startStripeStandIn();
    const gateway = await startLocalGateway({
      port: options.port,
      host: options.host,
      routes,
      localRoutes: [
        cognito.tokenRoute,
        events.route,
        ...(stripe?.routes ?? []),
        ...(options.localRoutes ?? []),
      ],
      fallback: options.fallback,
    });
    stripe?.connect(gateway.url);
    return {
      url: gateway.url,
      dynamoEndpoint: endpoint,
      cognito,
      gateway,
      stripe,
      events,
      stop: async () => {
        await gateway.close();
        await events?.stop();
        await stripe?.stop();
        await dynamo?.stop();
      },
    };
  } catch (error) {
    await events?.stop();
    await stripe?.stop();
    await dynamo?.stop();
    throw error;
  }
}
