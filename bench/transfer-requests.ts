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
  // The captured debit opens new velocity windows (`attribute_not_exists(xfer_hour) OR xfer_hour
  // < :xferPrevHour`, and a day other than `:xferDay`): each copy stores windows no copy used
  // before, of the same size and older than any real hour (so a real transfer after it opens
  // fresh windows too), and compares the stored hour with one later than any, so its condition
  // holds like the original's whichever hour the wallet last stored.
  const values = debit.Update.ExpressionAttributeValues;
  if (values && ':xferHour' in values) {
    windowCopies += 1;
    values[':xferHour'] = 100_000 + windowCopies;
    values[':xferPrevHour'] = Number.MAX_SAFE_INTEGER;
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
