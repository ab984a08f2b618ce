import type { NativeAttributeValue } from '@aws-sdk/util-dynamodb';
import { RateLimitedError, WalletFrozenError } from '#shared/errors';
import type { WalletExtra } from '#shared/ledger/post-transaction';
import type { TransferLimits } from '#shared/velocity/transfer-limits';

/**
 * A sender's velocity counters live on their own wallet item and move in the debit's own
 * UpdateExpression, under conditions ANDed with `balance >= :amount`: no extra item, no extra
 * write unit (the wallet item stays far below 1 KB), and exactly the fate of the transfer - a
 * cancelled transfer (refused, or a replay, whose record condition fails) counts nothing.
 *
 *  - `xfer_hour` (hours since the epoch, UTC) and `xfer_hour_count`: transfers this clock hour;
 *  - `xfer_day` (YYYY-MM-DD, UTC) and `xfer_day_coins`: coins sent this UTC day.
 *
 * "Per rolling hour" is approximated by the UTC clock hour (a fixed window): at most
 * `transfersPerHour` start in any clock hour, so any 60-minute span holds at most twice that
 * (the end of one hour and the start of the next). DynamoDB conditions cannot add or weigh
 * counters, which a sliding window would need.
 *
 * An UpdateExpression cannot say "reset when the window moved", so the expression is chosen
 * from the wallet as last seen (the `hint`), and that assumption is itself a condition: if the
 * window moved meanwhile, the transaction is cancelled and retried with the wallet DynamoDB
 * returned (ALL_OLD). The hint never decides a limit; the conditions do.
 */
export type WalletHint = Record<string, NativeAttributeValue> | undefined;

/** The window assumption failed: retry with `wallet`, the item as DynamoDB saw it. */
export class VelocityHintOutdatedError extends Error {
  constructor(readonly wallet: WalletHint) {
    super('The velocity windows moved while the transfer was in flight');
  }
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export interface VelocityWindows {
  readonly hour: number;
  readonly day: string;
  readonly secondsToNextHour: number;
  readonly secondsToNextDay: number;
}

export function windowsAt(now: Date): VelocityWindows {
  const ms = now.getTime();
  const hour = Math.floor(ms / HOUR_MS);
  return {
    hour,
    day: now.toISOString().slice(0, 10),
    secondsToNextHour: Math.max(1, Math.ceil(((hour + 1) * HOUR_MS - ms) / 1000)),
    secondsToNextDay: Math.max(1, Math.ceil((Math.floor(ms / DAY_MS + 1) * DAY_MS - ms) / 1000)),
  };
}

/** Refuses at once what no window could take (more coins than a whole day allows). */
export function assertWithinDailyCoins(amount: number, limits: TransferLimits, now: Date): void {
  if (amount > limits.coinsPerDay) {
    throw new RateLimitedError(
      `At most ${limits.coinsPerDay} coins can be sent per UTC day`,
      windowsAt(now).secondsToNextDay,
    );
  }
}

export function velocityExtra(
  limits: TransferLimits,
  hint: WalletHint,
  amount: number,
  now: Date,
): WalletExtra {
  const windows = windowsAt(now);
  const sameHour = hint?.xfer_hour === windows.hour;
  const sameDay = hint?.xfer_day === windows.day;
  const set = [
    ...(sameHour
      ? ['xfer_hour_count = xfer_hour_count + :xferOne']
      : ['xfer_hour = :xferHour', 'xfer_hour_count = :xferOne']),
    ...(sameDay
      ? ['xfer_day_coins = xfer_day_coins + :amount']
      : ['xfer_day = :xferDay', 'xfer_day_coins = :amount']),
  ];
  const condition = [
    sameHour
      ? '(xfer_hour = :xferHour AND xfer_hour_count < :xferPerHour)'
      : '(attribute_not_exists(xfer_hour) OR xfer_hour <> :xferHour)',
    // `coins + amount <= limit`, as `coins <= limit - amount` (conditions have no arithmetic).
    sameDay
      ? '(xfer_day = :xferDay AND xfer_day_coins <= :xferDayRoom)'
      : '(attribute_not_exists(xfer_day) OR xfer_day <> :xferDay)',
  ].join(' AND ');
  return {
    set,
    condition,
    values: {
      ':xferOne': 1,
      ':xferHour': windows.hour,
      ':xferDay': windows.day,
      ...(sameHour ? { ':xferPerHour': limits.transfersPerHour } : {}),
      ...(sameDay ? { ':xferDayRoom': limits.coinsPerDay - amount } : {}),
    },
    explain: (old) => explainVelocity(old, { limits, windows, amount, sameHour, sameDay }),
  };
}

function explainVelocity(
  old: WalletHint,
  check: {
    limits: TransferLimits;
    windows: VelocityWindows;
    amount: number;
    sameHour: boolean;
    sameDay: boolean;
  },
): Error | undefined {
  const { limits, windows, amount } = check;
  // No wallet, or a frozen one: the posting's own explanation is the one that matters.
  if (!old) return undefined;
  if (old.frozen === true) return new WalletFrozenError();
  // An amount the balance cannot cover is refused for that, whatever the limits: waiting for
  // the next window would not help.
  if (typeof old.balance === 'number' && old.balance < amount) return undefined;
  const hourNow = old.xfer_hour === windows.hour;
  const dayNow = old.xfer_day === windows.day;
  if (hourNow && (old.xfer_hour_count as number) >= limits.transfersPerHour) {
    return new RateLimitedError(
      `At most ${limits.transfersPerHour} transfers per hour`,
      windows.secondsToNextHour,
    );
  }
  if (dayNow && (old.xfer_day_coins as number) + amount > limits.coinsPerDay) {
    return new RateLimitedError(
      `At most ${limits.coinsPerDay} coins can be sent per UTC day`,
      windows.secondsToNextDay,
    );
  }
  if (hourNow !== check.sameHour || dayNow !== check.sameDay) {
    return new VelocityHintOutdatedError(old);
  }
  return undefined;
}
