import { SelfTransferError } from '#shared/errors';
import type { LedgerContext } from '#shared/ledger/context';
import { postTransaction, type WalletExtra } from '#shared/ledger/post-transaction';
import {
  assertDescription,
  assertIdempotencyKey,
  assertUserWalletId,
  assertValidAmount,
} from '#shared/ledger/rules';
import {
  newRecord,
  requestHash,
  type Transaction,
  toTransaction,
  transactionIdFor,
} from '#shared/ledger/transaction';
import { getBalance } from '#shared/ledger/wallets';

export interface TransferRequest {
  readonly from: string;
  readonly to: string;
  readonly amount: number;
  readonly description?: string | undefined;
  /** The sender's key: the same key and request replays, the same key and another request fails. */
  readonly idempotencyKey?: string | undefined;
  /** More of the sender's debit (the velocity counters of shared/velocity). */
  readonly senderExtra?: WalletExtra | undefined;
}

export interface TransferResult {
  readonly transaction: Transaction;
  /** The sender's balance read right after the transfer committed (or was replayed). */
  readonly balance: number;
  readonly replayed: boolean;
}

/** Moves coins between two user wallets; the DASWOS AI wallet only mints and takes clawbacks. */
export async function transfer(
  ctx: LedgerContext,
  request: TransferRequest,
): Promise<TransferResult> {
  const { from, to, amount, description, idempotencyKey } = request;
  assertUserWalletId(from);
  assertUserWalletId(to);
  if (from === to) throw new SelfTransferError();
  assertValidAmount(amount);
  assertDescription(description);
  assertIdempotencyKey(idempotencyKey);

  const transactionId = transactionIdFor(
    'transfer',
    idempotencyKey === undefined ? undefined : { owner: from, key: idempotencyKey },
  );
  const record = newRecord({
    transactionId,
    type: 'transfer',
    from,
    to,
    amount,
    referenceId: undefined,
    description,
    initiatedBy: from,
    requestHash: requestHash({ type: 'transfer', from, to, amount, description }),
    now: ctx.now(),
  });
  const result = await postTransaction(ctx, {
    record,
    debit: {
      userId: from,
      mustCover: true,
      ...(request.senderExtra ? { extra: request.senderExtra } : {}),
    },
    credit: { userId: to },
  });
  return {
    transaction: toTransaction(result.record),
    balance: await getBalance(ctx, from),
    replayed: result.replayed,
  };
}
