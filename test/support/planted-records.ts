import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { TransactionRecord } from '#shared/ledger/transaction';
import type { TestLedger } from '#test/support/ledger-fixture';

/**
 * Writes a record the way only a hand edit can: straight into the table, without its balance
 * changes (the audit tests' planted breaches). Timestamped now unless `timestamp` says otherwise.
 */
export async function plantRecord(
  t: Pick<TestLedger, 'db' | 'tables'>,
  fields: Pick<TransactionRecord, 'transaction_id' | 'from_user_id' | 'to_user_id' | 'amount'> &
    Partial<Pick<TransactionRecord, 'transaction_type' | 'timestamp'>>,
): Promise<TransactionRecord> {
  const timestamp = fields.timestamp ?? new Date().toISOString();
  const record: TransactionRecord = {
    transaction_type: 'transfer',
    ...fields,
    timestamp,
    history_key: `${timestamp}#${fields.transaction_id}`,
    request_hash: 'planted',
  };
  await t.db.send(new PutCommand({ TableName: t.tables.transactions, Item: record }));
  return record;
}
