/**
 * The DynamoDB tables, defined once. The CDK stack and the local/test bootstrap both build their
 * tables from these definitions, so the deployed and the local schema cannot drift apart.
 */
export type KeyType = 'S' | 'N';

export interface KeyAttribute {
  readonly name: string;
  readonly type: KeyType;
}

export interface GlobalIndexDefinition {
  readonly indexName: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey: KeyAttribute;
}

export interface TableDefinition {
  /** Default physical name, and the suffix of every stage's name. */
  readonly baseName: string;
  /** Environment variable that carries the physical name to the functions. */
  readonly envVar: string;
  readonly partitionKey: KeyAttribute;
  readonly globalIndexes: readonly GlobalIndexDefinition[];
  /**
   * A DynamoDB stream of the table's changes, new images only. Locally DynamoDB Local keeps one
   * (the event feed reads it); in AWS the event publisher reads it.
   */
  readonly stream?: 'NEW_IMAGE';
}

export const supplyTable = {
  baseName: 'daswos_coins_total_supply',
  envVar: 'SUPPLY_TABLE',
  partitionKey: { name: 'id', type: 'S' },
  globalIndexes: [],
} as const satisfies TableDefinition;

export const walletsTable = {
  baseName: 'daswos_wallets',
  envVar: 'WALLETS_TABLE',
  partitionKey: { name: 'user_id', type: 'S' },
  globalIndexes: [],
} as const satisfies TableDefinition;

/**
 * History by user is served by two indexes, one per side of a transaction, both sorted by
 * `history_key` = `<ISO timestamp>#<transaction id>`: time order with a deterministic tie-break.
 * Its stream carries every committed record, once, to the platform's event bus (shared/events).
 */
export const transactionsTable = {
  baseName: 'daswos_transactions',
  envVar: 'TRANSACTIONS_TABLE',
  partitionKey: { name: 'transaction_id', type: 'S' },
  globalIndexes: [
    {
      indexName: 'by_sender',
      partitionKey: { name: 'from_user_id', type: 'S' },
      sortKey: { name: 'history_key', type: 'S' },
    },
    {
      indexName: 'by_recipient',
      partitionKey: { name: 'to_user_id', type: 'S' },
      sortKey: { name: 'history_key', type: 'S' },
    },
  ],
  stream: 'NEW_IMAGE',
} as const satisfies TableDefinition;

/**
 * The life cycle of each Checkout Session `/purchase` opened or the webhook saw paid: `pending`,
 * then `credited` (with the purchase's transaction id) or `refunded` (with the refund id and
 * reason), never both. Keyed by the session id, read by one GetItem.
 */
export const purchasesTable = {
  baseName: 'daswos_purchases',
  envVar: 'PURCHASES_TABLE',
  partitionKey: { name: 'session_id', type: 'S' },
  globalIndexes: [],
} as const satisfies TableDefinition;

/**
 * The operators' table: typed items told apart by `kind` and by their key's prefix - giveaway
 * grants awaiting a second admin (`grant#<id>`), each admin's giveaway total per UTC day
 * (`give_cap#<admin>#<day>`) and the admin action log (`action#<id>`). One sparse index lists
 * them newest first: `list` names the list (`admin_actions`, `grants#<status>`), `list_key` =
 * `<ISO timestamp>#<id>` orders it; items without `list` (the cap counters) are not in it.
 */
export const adminTable = {
  baseName: 'daswos_admin',
  envVar: 'ADMIN_TABLE',
  partitionKey: { name: 'pk', type: 'S' },
  globalIndexes: [
    {
      indexName: 'by_list',
      partitionKey: { name: 'list', type: 'S' },
      sortKey: { name: 'list_key', type: 'S' },
    },
  ],
} as const satisfies TableDefinition;

/**
 * The referral programme, one item kind per key prefix: `code#<CODE>` reserves a referral code
 * for its owner (written once, never changed), `user#<userId>` is a user's referral profile
 * (their code, who referred them, their first credited purchase, what their referrals earned).
 * Read by key only.
 */
export const referralsTable = {
  baseName: 'daswos_referrals',
  envVar: 'REFERRALS_TABLE',
  partitionKey: { name: 'id', type: 'S' },
  globalIndexes: [],
} as const satisfies TableDefinition;

/**
 * Holds (coins reserved by a service, then captured or voided). `by_user` serves a user's holds
 * in creation order; `by_expiry` is sparse: only a hold still `held` carries `sweep_bucket`
 * (`held#<0..HOLD_SWEEP_BUCKETS-1>`, spread by hold id so no one index partition takes every
 * hold), so the sweeper finds expired holds with a Query per bucket on `expires_at`, never a Scan.
 * Its stream carries each hold's placing and its one settlement to the platform's event bus as
 * HoldCreated / HoldCaptured / HoldVoided / HoldExpired (shared/events).
 */
export const holdsTable = {
  baseName: 'daswos_holds',
  envVar: 'HOLDS_TABLE',
  partitionKey: { name: 'hold_id', type: 'S' },
  globalIndexes: [
    {
      indexName: 'by_user',
      partitionKey: { name: 'user_id', type: 'S' },
      sortKey: { name: 'history_key', type: 'S' },
    },
    {
      indexName: 'by_expiry',
      partitionKey: { name: 'sweep_bucket', type: 'S' },
      sortKey: { name: 'expires_at', type: 'S' },
    },
  ],
  stream: 'NEW_IMAGE',
} as const satisfies TableDefinition;

/**
 * Subscriptions to the monthly plans, typed items under one key `id` (see
 * shared/subscriptions/subscription.ts): `user#<userId>` (the user's Stripe customer and current
 * subscription), `subscription#<id>` (each subscription's plan and status) and `invoice#<id>`
 * (each subscription invoice: credited with its allowance, or refunded, never both).
 */
export const subscriptionsTable = {
  baseName: 'daswos_subscriptions',
  envVar: 'SUBSCRIPTIONS_TABLE',
  partitionKey: { name: 'id', type: 'S' },
  globalIndexes: [],
} as const satisfies TableDefinition;

/**
 * Reward limits, as counters the reward's mint updates in its own transaction (a condition keeps
 * each under its limit): `<userId>#<action>#day#<YYYY-MM-DD>` (UTC) for a daily limit,
 * `<userId>#<action>#lifetime` for a lifetime one. Read by key only (and by the audit's Scan).
 */
export const rewardCountersTable = {
  baseName: 'daswos_reward_counters',
  envVar: 'REWARD_COUNTERS_TABLE',
  partitionKey: { name: 'id', type: 'S' },
  globalIndexes: [],
} as const satisfies TableDefinition;

/**
 * What the audit verified, so the next one starts there instead of at the beginning:
 * `wallet#<userId>` is a wallet's checkpoint (its records before a cut, netted, which a full or
 * incremental audit found its balance agreeing with), `ledger` the time the next incremental
 * audit starts from. Written only by the audit, read by key only; never read by a posting.
 */
export const auditTable = {
  baseName: 'daswos_audit',
  envVar: 'AUDIT_TABLE',
  partitionKey: { name: 'id', type: 'S' },
  globalIndexes: [],
} as const satisfies TableDefinition;

export const tableDefinitions = [
  supplyTable,
  walletsTable,
  transactionsTable,
  purchasesTable,
  adminTable,
  holdsTable,
  subscriptionsTable,
  referralsTable,
  rewardCountersTable,
  auditTable,
] as const;

export interface TableNames {
  readonly supply: string;
  readonly wallets: string;
  readonly transactions: string;
  readonly purchases: string;
  readonly admin: string;
  readonly holds: string;
  readonly subscriptions: string;
  readonly referrals: string;
  readonly rewardCounters: string;
  readonly audit: string;
}

/** Physical names: from the environment in AWS, the base names (with an optional prefix) locally. */
export function tableNamesFromEnv(env: NodeJS.ProcessEnv = process.env, prefix = ''): TableNames {
  return {
    supply: env[supplyTable.envVar] ?? `${prefix}${supplyTable.baseName}`,
    wallets: env[walletsTable.envVar] ?? `${prefix}${walletsTable.baseName}`,
    transactions: env[transactionsTable.envVar] ?? `${prefix}${transactionsTable.baseName}`,
    purchases: env[purchasesTable.envVar] ?? `${prefix}${purchasesTable.baseName}`,
    admin: env[adminTable.envVar] ?? `${prefix}${adminTable.baseName}`,
    holds: env[holdsTable.envVar] ?? `${prefix}${holdsTable.baseName}`,
    subscriptions: env[subscriptionsTable.envVar] ?? `${prefix}${subscriptionsTable.baseName}`,
    referrals: env[referralsTable.envVar] ?? `${prefix}${referralsTable.baseName}`,
    rewardCounters: env[rewardCountersTable.envVar] ?? `${prefix}${rewardCountersTable.baseName}`,
    audit: env[auditTable.envVar] ?? `${prefix}${auditTable.baseName}`,
  };
}

/** A table's physical name in a deployed stage: `<stage>_<base name>`. The CDK stack names its
 * tables with this, and the operator scripts (audit, seed) find them with it. */
export function deployedTableName(stage: string, definition: TableDefinition): string {
  return `${stage}_${definition.baseName}`;
}

export function deployedTableNames(stage: string): TableNames {
  return {
    supply: deployedTableName(stage, supplyTable),
    wallets: deployedTableName(stage, walletsTable),
    transactions: deployedTableName(stage, transactionsTable),
    purchases: deployedTableName(stage, purchasesTable),
    admin: deployedTableName(stage, adminTable),
    holds: deployedTableName(stage, holdsTable),
    subscriptions: deployedTableName(stage, subscriptionsTable),
    referrals: deployedTableName(stage, referralsTable),
    rewardCounters: deployedTableName(stage, rewardCountersTable),
    audit: deployedTableName(stage, auditTable),
  };
}
