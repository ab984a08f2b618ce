import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { LedgerContext } from '#shared/ledger/context';
import { SYSTEM_USER_ID } from '#shared/ledger/rules';
import { newRecord, requestHash, type TransactionRecord } from '#shared/ledger/transaction';
import { SUPPLY_ROW_ID } from '#shared/reserve/reserve';

/**
 * A ledger as the code before the sharded reserve laid it out and wrote it: one DASWOS AI wallet
 * item `0` holding every unminted coin, and `minted_amount` on the supply row moved by every mint.
 * Written with raw DynamoDB requests, as that code did, so migration tests start from real data.
 */
export async function layOutLegacyLedger(ctx: LedgerContext, totalAmount: number): Promise<void> {
  const now = new Date().toISOString();
  await ctx.db.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: ctx.tables.supply,
            Item: {
              id: SUPPLY_ROW_ID,
              total_amount: totalAmount,
              minted_amount: 0,
              creation_date: now,
            },
          },
        },
        {
          Put: {
            TableName: ctx.tables.wallets,
            Item: { user_id: SYSTEM_USER_ID, balance: totalAmount, last_updated: now },
          },
        },
      ],
    }),
  );
}

/** The old mint: record, DASWOS AI debit (covered), the user's credit and minted_amount, at once. */
export async function legacyMint(
  ctx: LedgerContext,
  to: string,
  amount: number,
  id: string,
): Promise<TransactionRecord> {
  const record = newRecord({
    transactionId: `giveaway_${id}`,
    type: 'giveaway',
    from: SYSTEM_USER_ID,
    to,
    amount,
    referenceId: undefined,
    description: 'before the reserve was sharded',
    initiatedBy: 'legacy-admin',
    requestHash: requestHash({ type: 'giveaway', to, amount, id }),
    now: new Date(),
  });
  const wallet = (userId: string, sign: '+' | '-', condition: string) => ({
    Update: {
      TableName: ctx.tables.wallets,
      Key: { user_id: userId },
      UpdateExpression: `SET balance = balance ${sign} :amount, last_updated = :now`,
      ConditionExpression: condition,
      ExpressionAttributeValues: { ':amount': amount, ':now': record.timestamp },
    },
  });
  await ctx.db.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: ctx.tables.transactions,
            Item: record,
            ConditionExpression: 'attribute_not_exists(transaction_id)',
          },
        },
        wallet(SYSTEM_USER_ID, '-', 'attribute_exists(user_id) AND balance >= :amount'),
        wallet(to, '+', 'attribute_exists(user_id)'),
        {
          Update: {
            TableName: ctx.tables.supply,
            Key: { id: SUPPLY_ROW_ID },
            UpdateExpression: 'SET minted_amount = minted_amount + :delta',
            ConditionExpression: 'attribute_exists(id)',
            ExpressionAttributeValues: { ':delta': amount },
          },
        },
      ],
    }),
  );
  return record;
}
