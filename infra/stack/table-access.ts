import type { RouteDefinition, TableAccess } from '#infra/routes';
import {
  adminTable,
  auditTable,
  holdsTable,
  purchasesTable,
  referralsTable,
  rewardCountersTable,
  subscriptionsTable,
  supplyTable,
  type TableDefinition,
  transactionsTable,
  walletsTable,
} from '#shared/tables';

/** The names the route table uses for the tables. */
export type TableKey = keyof RouteDefinition['tables'];

/** Route-table name → shared definition. A Record, so a new key without a table fails to compile. */
export const tableDefinitionsByKey: Record<TableKey, TableDefinition> = {
  supply: supplyTable,
  wallets: walletsTable,
  transactions: transactionsTable,
  purchases: purchasesTable,
  admin: adminTable,
  holds: holdsTable,
  subscriptions: subscriptionsTable,
  referrals: referralsTable,
  rewardCounters: rewardCountersTable,
  audit: auditTable,
};

export const tableKeys = Object.keys(tableDefinitionsByKey) as TableKey[];

/** Item reads: the ledger reads single items by key with ConsistentRead, and history by index. */
const GET_ACTIONS = ['dynamodb:GetItem'];
const INDEX_ACTIONS = ['dynamodb:Query'];
/**
 * Item writes. TransactWriteItems has no IAM action of its own: DynamoDB authorizes each Put,
 * Update and ConditionCheck in a transaction as PutItem, UpdateItem and ConditionCheckItem.
 * DeleteItem is absent on purpose: the ledger never deletes.
 */
const WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem'];

export interface TableGrant {
  readonly actions: readonly string[];
  /** `table` for the table itself, otherwise the index name. */
  readonly target: 'table' | { readonly index: string };
}

/**
 * What one kind of access allows on one table. Queries are granted on the table's indexes only:
 * every table here is keyed by a partition key alone, so a Query on the table itself would give
 * nothing GetItem does not, and the history is served by the indexes.
 */
export function tableGrants(access: TableAccess, definition: TableDefinition): TableGrant[] {
  const grants: TableGrant[] = [];
  const reads = access === 'read' || access === 'readWrite';
  const writes = access === 'write' || access === 'readWrite';
  const tableActions = [...(reads ? GET_ACTIONS : []), ...(writes ? WRITE_ACTIONS : [])];
  grants.push({ actions: tableActions, target: 'table' });
  if (reads) {
    for (const index of definition.globalIndexes) {
      grants.push({ actions: INDEX_ACTIONS, target: { index: index.indexName } });
    }
  }
  return grants;
}
