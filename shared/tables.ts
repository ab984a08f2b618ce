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

export const tableDefinitions = [
  supplyTable,
  walletsTable,
  transactionsTable,
  purchasesTable,
] as const;

export interface TableNames {
  readonly supply: string;
  readonly wallets: string;
  readonly transactions: string;
  readonly purchases: string;
}

/** Physical names: from the environment in AWS, the base names (with an optional prefix) locally. */
export function tableNamesFromEnv(env: NodeJS.ProcessEnv = process.env, prefix = ''): TableNames {
  return {
    supply: env[supplyTable.envVar] ?? `${prefix}${supplyTable.baseName}`,
    wallets: env[walletsTable.envVar] ?? `${prefix}${walletsTable.baseName}`,
    transactions: env[transactionsTable.envVar] ?? `${prefix}${transactionsTable.baseName}`,
    purchases: env[purchasesTable.envVar] ?? `${prefix}${purchasesTable.baseName}`,
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
  };
}
