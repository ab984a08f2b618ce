import { adminActionWrite } from '#shared/admin/actions';
import { assertWithinDailyLimit, giveCapWrite } from '#shared/grants/daily-cap';
import type { Grant } from '#shared/grants/grant-items';
import { requestGrant } from '#shared/grants/grant-requests';
import type { GiveSettings } from '#shared/grants/settings';
import type { LedgerContext } from '#shared/ledger/context';
import { mint } from '#shared/ledger/mint';
import { assertIdempotencyKey, assertValidAmount } from '#shared/ledger/rules';
import { type Transaction, transactionIdFor } from '#shared/ledger/transaction';

export interface GiveRequest {
  readonly adminId: string;
  readonly to: string;
  readonly amount: number;
  readonly reason?: string | undefined;
  readonly idempotencyKey?: string | undefined;
}

export type GiveResult =
  | { readonly outcome: 'given'; readonly transaction: Transaction; readonly replayed: boolean }
  | { readonly outcome: 'pending_approval'; readonly grant: Grant; readonly replayed: boolean };

/**
 * POST /give. Up to the approval threshold: one TransactWriteItems mints the coins, moves the
 * admin's daily counter (conditioned on the daily limit) and logs the action. Above it: a grant
 * waits for a second admin (grant-approval.ts) and nothing moves.
 */
export async function give(
  ctx: LedgerContext,
  settings: GiveSettings,
  request: GiveRequest,
): Promise<GiveResult> {
  const { adminId, to, amount, reason, idempotencyKey } = request;
  assertValidAmount(amount);
  assertIdempotencyKey(idempotencyKey);
  assertWithinDailyLimit(amount, settings.dailyLimitPerAdmin);
  if (amount > settings.approvalThreshold) {
    const pending = await requestGrant(ctx, { adminId, to, amount, reason, idempotencyKey });
    return { outcome: 'pending_approval', ...pending };
  }

  const now = ctx.now();
  const idempotency =
    idempotencyKey === undefined ? undefined : { owner: adminId, key: idempotencyKey };
  // The id is fixed here so the log entry can carry it; a keyless give gets a fresh one.
  const transactionId = transactionIdFor('giveaway', idempotency);
  const result = await mint(
    { ...ctx, now: () => now },
    {
      to,
      amount,
      type: 'giveaway',
      description: reason,
      initiatedBy: adminId,
      idempotency,
      transactionId,
      companions: [
        giveCapWrite(ctx, { adminId, amount, at: now, limit: settings.dailyLimitPerAdmin }),
        adminActionWrite(ctx, {
          actionId: transactionId,
          adminId,
          action: 'give',
          userId: to,
          amount,
          transactionId,
          at: now.toISOString(),
          ...(reason === undefined ? {} : { reason }),
        }),
      ],
    },
  );
  return { outcome: 'given', transaction: result.transaction, replayed: result.replayed };
}
