import { HoldExpiredError, HoldNotActiveError, HoldNotFoundError } from '#shared/holds/errors';
import { type Hold, type HoldItem, isPastExpiry, toHold } from '#shared/holds/hold';
import { readHold, type TransactItem, writeTogether } from '#shared/holds/hold-store';
import type { LedgerContext } from '#shared/ledger/context';
import { getBalance } from '#shared/ledger/wallets';
import type { ServiceClient } from '#shared/services/service-clients';

export type Release = 'voided' | 'expired';

/**
 * The two writes that give a hold's coins back: the hold leaves `held` (conditioned on still
 * being held, and on being past or before its expiry as the kind of release requires) and the
 * wallet moves `amount` from `held` back to `balance`. No ledger record: the coins never left
 * the user's wallet, so conservation and its history stay as they were.
 */
export function releaseWrites(
  ctx: LedgerContext,
  item: HoldItem,
  to: Release,
  now: Date,
): TransactItem[] {
  const at = now.toISOString();
  return [
    {
      Update: {
        TableName: ctx.tables.holds,
        Key: { hold_id: item.hold_id },
        UpdateExpression: 'SET #status = :to, settled_at = :now REMOVE sweep_bucket',
        ConditionExpression: `#status = :held AND expires_at ${to === 'expired' ? '<=' : '>'} :now`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':to': to, ':held': 'held', ':now': at },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    },
    {
      Update: {
        TableName: ctx.tables.wallets,
        Key: { user_id: item.user_id },
        UpdateExpression:
          'SET held = held - :amount, balance = balance + :amount, last_updated = :now',
        ConditionExpression: 'held >= :amount',
        ExpressionAttributeValues: { ':amount': item.amount, ':now': at },
      },
    },
  ];
}

/**
 * Releases a hold that is past its expiry (the sweeper, or whoever touches it next). Idempotent:
 * a hold already settled, or not yet expired, is left alone. Answers the hold as it is now.
 */
export async function expireHold(ctx: LedgerContext, item: HoldItem): Promise<HoldItem> {
  return (await releaseIfExpired(ctx, item)).item;
}

/** `released`: this call released it (false when it was not due or someone settled it first). */
export async function releaseIfExpired(
  ctx: LedgerContext,
  item: HoldItem,
): Promise<{ item: HoldItem; released: boolean }> {
  const now = ctx.now();
  if (item.status !== 'held' || !isPastExpiry(item, now)) return { item, released: false };
  const failure = await writeTogether(ctx, releaseWrites(ctx, item, 'expired', now));
  if (!failure) {
    return { item: { ...item, status: 'expired', settled_at: now.toISOString() }, released: true };
  }
  if (failure[1]?.failed && !failure[0]?.failed) {
    // The hold is held but its wallet does not hold its coins: a broken invariant, never normal.
    throw new Error(`hold ${item.hold_id}: the wallet's held coins do not cover it`);
  }
  return { item: (await readHold(ctx, item.hold_id)) ?? item, released: false };
}

/** A service's own hold, expired first if it is past its expiry (so it never reads as held). */
export async function touchHold(
  ctx: LedgerContext,
  client: ServiceClient,
  holdId: string,
): Promise<HoldItem> {
  const item = await readHold(ctx, holdId);
  if (!item || item.client_id !== client.clientId) throw new HoldNotFoundError(holdId);
  return expireHold(ctx, item);
}

export async function getHold(
  ctx: LedgerContext,
  client: ServiceClient,
  holdId: string,
): Promise<Hold> {
  return toHold(await touchHold(ctx, client, holdId));
}

/** The error a settled hold answers to an attempt to settle it the other way. */
export function settledError(item: HoldItem): Error {
  return item.status === 'expired' ? new HoldExpiredError() : new HoldNotActiveError(item.status);
}

export interface VoidResult {
  readonly hold: Hold;
  readonly balance: number;
  readonly replayed: boolean;
}

/**
 * Gives a hold's coins back to the user. Idempotent by hold: voiding a voided hold replays;
 * a captured hold is HOLD_NOT_ACTIVE; an expired one HOLD_EXPIRED (its coins are back anyway).
 */
export async function voidHold(
  ctx: LedgerContext,
  client: ServiceClient,
  holdId: string,
): Promise<VoidResult> {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const item = await touchHold(ctx, client, holdId);
    if (item.status === 'voided')
      return { hold: toHold(item), balance: await balanceOf(ctx, item), replayed: true };
    if (item.status !== 'held') throw settledError(item);
    const now = ctx.now();
    const failure = await writeTogether(ctx, releaseWrites(ctx, item, 'voided', now));
    if (!failure) {
      const voided: HoldItem = { ...item, status: 'voided', settled_at: now.toISOString() };
      return { hold: toHold(voided), balance: await balanceOf(ctx, item), replayed: false };
    }
    if (!failure[0]?.failed)
      throw new Error(`hold ${holdId}: the wallet's held coins do not cover it`);
    // Settled (or expired) between the read and the write: read it again and answer for that.
  }
  throw settledError((await readHold(ctx, holdId)) as HoldItem);
}

function balanceOf(ctx: LedgerContext, item: HoldItem): Promise<number> {
  return getBalance(ctx, item.user_id);
}
