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
  /** The sender's velocity-window read (shared/velocity/limited-transfer.ts). */
  readonly hint: GetCommandInput;
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
  const [hint, transact, get] = calls;
  const expected = 'GetItem, TransactWriteItems, GetItem';
  if (status !== 201 || requests !== expected || !hint || !transact || !get) {
    throw new Error(`a transfer answered ${status} after [${requests}]`);
  }
  const values = (transact.input as TransactWriteCommandInput).TransactItems?.[1]?.Update
    ?.ExpressionAttributeValues;
  if (values?.[':xferPerHour'] !== undefined || values?.[':xferDayRoom'] !== undefined) {
    throw new Error('capture a sender with no transfer this hour: copies must open new windows');
  }
  return {
    hint: hint.input as GetCommandInput,
    transact: transact.input as TransactWriteCommandInput,
    get: get.input as GetCommandInput,
  };
}

type Row = Record<string, unknown>;

let windowCopies = 0;

/** A copy of the captured transaction with a fresh id and, optionally, other wallets. */
export function retarget(
  requests: TransferRequests,
  wallets?: { from: string; to: string },
): TransferRequests {
  const transact = structuredClone(requests.transact);
  const get = structuredClone(requests.get);
  const hint = structuredClone(requests.hint);
  const [record, debit, credit] = transact.TransactItems ?? [];
  const item = record?.Put?.Item as Row | undefined;
  if (!item || !debit?.Update?.Key || !credit?.Update?.Key) {
    throw new Error('the captured transfer is not a record, a debit and a credit');
  }
  // Same length as the ledger's ids (type, underscore, 32 characters): the same item size.
  const id = `transfer_${randomUUID().replaceAll('-', '')}`;
  item.history_key = String(item.history_key).replace(String(item.transaction_id), id);
  item.transaction_id = id;
  // The captured debit opens new velocity windows (`xfer_hour <> :xferHour`): each copy names
  // windows no copy used before, of the same size, so its condition holds like the original's.
  const values = debit.Update.ExpressionAttributeValues;
  // A fresh window's condition is `xfer_hour < :xferPrevHour`: each copy's hour lies two past the
  // one before (the captured transfer's first), and its "previous hour" just below its own.
  if (values && typeof values[':xferHour'] === 'number') {
    windowCopies += 1;
    const hour =
      (requests.transact.TransactItems?.[1]?.Update?.ExpressionAttributeValues?.[
        ':xferHour'
      ] as number) +
      2 * windowCopies;
    values[':xferHour'] = hour;
    values[':xferPrevHour'] = hour - 1;
    values[':xferDay'] = `c${String(windowCopies).padStart(9, '0')}`;
  }
  if (wallets) {
    Object.assign(item, {
      from_user_id: wallets.from,
      to_user_id: wallets.to,
      initiated_by: wallets.from,
    });
    debit.Update.Key = { user_id: wallets.from };
    credit.Update.Key = { user_id: wallets.to };
    get.Key = { user_id: wallets.from };
    hint.Key = { user_id: wallets.from };
  }
  return { hint, transact, get };
}

export function sendTransact(db: DynamoDBDocumentClient, requests: TransferRequests) {
  return db.send(new TransactWriteCommand(requests.transact));
}

export function sendHint(db: DynamoDBDocumentClient, requests: TransferRequests) {
  return db.send(new GetCommand(requests.hint));
}

export function sendGet(db: DynamoDBDocumentClient, requests: TransferRequests) {
  return db.send(new GetCommand(requests.get));
}
