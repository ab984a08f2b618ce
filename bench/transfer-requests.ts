import { randomUUID } from 'node:crypto';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  type GetCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { capture } from './capacity';

/**
 * The bare DynamoDB requests of a transfer, as the handler really sends them: one handler call is
 * captured, and each bare request is a copy of it with a fresh transaction id (and, for the
 * throughput run, other wallets). Same table, same expressions, same item, same client.
 */
export type TransferHandler = (
  event: APIGatewayProxyEvent,
  context: Context,
) => Promise<APIGatewayProxyResult>;

export interface TransferRequests {
  readonly transact: TransactWriteCommandInput;
  readonly get: GetCommandInput;
}

export async function captureTransferRequests(
  db: DynamoDBDocumentClient,
  probe: DynamoDBDocumentClient,
  call: () => Promise<APIGatewayProxyResult>,
): Promise<TransferRequests> {
  let status = 0;
  const calls = await capture(db, probe, async () => {
    status = (await call()).statusCode;
  });
  const requests = calls.map((c) => c.request).join(', ');
  const [transact, get] = calls;
  if (status !== 201 || requests !== 'TransactWriteItems, GetItem' || !transact || !get) {
    throw new Error(`a transfer answered ${status} after [${requests}]`);
  }
  return {
    transact: transact.input as TransactWriteCommandInput,
    get: get.input as GetCommandInput,
  };
}

type Row = Record<string, unknown>;

/** A copy of the captured transaction with a fresh id and, optionally, other wallets. */
export function retarget(
  requests: TransferRequests,
  wallets?: { from: string; to: string },
): TransferRequests {
  const transact = structuredClone(requests.transact);
  const get = structuredClone(requests.get);
  const [record, debit, credit] = transact.TransactItems ?? [];
  const item = record?.Put?.Item as Row | undefined;
  if (!item || !debit?.Update?.Key || !credit?.Update?.Key) {
    throw new Error('the captured transfer is not a record, a debit and a credit');
  }
  // Same length as the ledger's ids (type, underscore, 32 characters): the same item size.
  const id = `transfer_${randomUUID().replaceAll('-', '')}`;
  item.history_key = String(item.history_key).replace(String(item.transaction_id), id);
  item.transaction_id = id;
  if (wallets) {
    Object.assign(item, {
      from_user_id: wallets.from,
      to_user_id: wallets.to,
      initiated_by: wallets.from,
    });
    debit.Update.Key = { user_id: wallets.from };
    credit.Update.Key = { user_id: wallets.to };
    get.Key = { user_id: wallets.from };
  }
  return { transact, get };
}

export function sendTransact(db: DynamoDBDocumentClient, requests: TransferRequests) {
  return db.send(new TransactWriteCommand(requests.transact));
}

export function sendGet(db: DynamoDBDocumentClient, requests: TransferRequests) {
  return db.send(new GetCommand(requests.get));
}
