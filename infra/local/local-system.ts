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
import { defaultHolds } from '#shared/holds/holds';
import type { SweepReport } from '#shared/holds/sweep';
import { defaultLedger } from '#shared/ledger/ledger';
import { referralSettings } from '#shared/referrals/settings';
import { rewardCatalogue } from '#shared/rewards/rules';
import { LOCAL_SERVICE_CLIENTS } from '#shared/services/service-clients';
import { tableNamesFromEnv } from '#shared/tables';

/** Settings a laptop needs and AWS provides; each can be overridden by the environment or .env. */
export const LOCAL_DEFAULTS: Readonly<Record<string, string>> = {
  PORT: '5000',
  DATA_DIR: '.data',
  AWS_REGION: 'us-east-1',
  COGNITO_USER_POOL_ID: 'us-east-1_DasWosLocal',
  COGNITO_CLIENT_ID: 'daswos-coins-local',
  COGNITO_ADMIN_USER_POOL_ID: 'us-east-1_DasWosAdminsLocal',
  COGNITO_ADMIN_CLIENT_ID: 'daswos-coins-admin-local',
  SERVICE_CLIENTS: JSON.stringify(LOCAL_SERVICE_CLIENTS),
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
  /** How often the in-process sweeper releases expired holds (AWS: every minute); 0 turns it off. */
  readonly holdSweepIntervalMs?: number;
}

export interface LocalSystem {
  readonly url: string;
  readonly dynamoEndpoint: string;
  readonly cognito: LocalCognito;
  readonly gateway: LocalGateway;
  /** The local Stripe stand-in, when no real test-mode key is configured. */
  readonly stripe: StripeStandIn | undefined;
  /** Runs the hold sweeper once, as its schedule does. */
  sweepHolds(): Promise<SweepReport>;
  /** What the platform's event bus would receive, read from DynamoDB Local's streams. */
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
  // Configuration that pays coins is checked before anything listens: invalid stops the start.
  rewardCatalogue();
  referralSettings();
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
  process.env.ADMIN_TABLE = tables.admin;
  process.env.HOLDS_TABLE = tables.holds;
  process.env.SUBSCRIPTIONS_TABLE = tables.subscriptions;
  process.env.REFERRALS_TABLE = tables.referrals;
  process.env.REWARD_COUNTERS_TABLE = tables.rewardCounters;
  process.env.AUDIT_TABLE = tables.audit;
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
    // A ledger kept from before the reserve was sharded moves into shards here (no coin moves
    // out of DASWOS AI; `npm run seed` does the same with audits around it).
    const seeded = await defaultLedger().seed(options.totalSupply);
    if (seeded === 'sharded') log('ledger: moved the DASWOS AI reserve into shards');

    log('events: reading the transactions and holds streams for GET /local/events…');
    events = await startEventFeed({
      endpoint,
      region: process.env.AWS_REGION ?? 'us-east-1',
      tables: { transactions: tables.transactions, holds: tables.holds },
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
    const sweeper = startHoldSweeper(options.holdSweepIntervalMs ?? DEFAULT_HOLD_SWEEP_MS);
    return {
      url: gateway.url,
      dynamoEndpoint: endpoint,
      cognito,
      gateway,
      stripe,
      sweepHolds: () => defaultHolds().sweep(),
      events,
      stop: async () => {
        sweeper.stop();
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

/** Well within the minute the sweeper promises. */
const DEFAULT_HOLD_SWEEP_MS = 15_000;

/** The EventBridge-scheduled sweeper of AWS, as an interval in this process. */
function startHoldSweeper(intervalMs: number): { stop(): void } {
  if (intervalMs <= 0) return { stop: () => undefined };
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    defaultHolds()
      .sweep()
      .catch((error: unknown) => console.error('hold sweeper failed', error))
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
