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
 *  - `xfer_prev_count`: transfers in the clock hour before `xfer_hour` (0 when none);
 *  - `xfer_day` (YYYY-MM-DD, UTC) and `xfer_day_coins`: coins sent this UTC day.
 *
 * "Per rolling hour", never more: any 60-minute span lies within two consecutive clock hours, so
 * requiring (previous hour + this hour) < limit before each transfer keeps every rolling hour at
 * or under the limit. It is stricter than a sliding window (transfers early in the previous hour
 * still count until this hour ends), never looser. Conditions have no arithmetic, so the sum is
 * checked as `xfer_hour_count < :limit - prev`, with `prev` read in the hint and itself a
 * condition (it cannot change within an hour).
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

/** Where the wallet's hour window stands relative to now: which expression the debit needs. */
type HourCase = 'same' | 'next' | 'fresh';

function hourCase(wallet: WalletHint, hour: number): HourCase {
  if (wallet?.xfer_hour === hour) return 'same';
  if (wallet?.xfer_hour === hour - 1) return 'next';
  return 'fresh';
}

const previousCount = (wallet: WalletHint): number =>
  typeof wallet?.xfer_prev_count === 'number' ? wallet.xfer_prev_count : 0;

export function velocityExtra(
  limits: TransferLimits,
  hint: WalletHint,
  amount: number,
  now: Date,
): WalletExtra {
  const windows = windowsAt(now);
  const hours = hourCase(hint, windows.hour);
  const sameDay = hint?.xfer_day === windows.day;
  const prev = previousCount(hint);
  const hour = {
    // This hour is open: one more, while previous + this hour stay under the limit.
    same: {
      set: ['xfer_hour_count = xfer_hour_count + :xferOne'],
      condition:
        '(xfer_hour = :xferHour AND xfer_hour_count < :xferHourRoom AND ' +
        (hint?.xfer_prev_count === undefined
          ? 'attribute_not_exists(xfer_prev_count))'
          : 'xfer_prev_count = :xferPrev)'),
      values: {
        ':xferHourRoom': limits.transfersPerHour - prev,
        ...(hint?.xfer_prev_count === undefined ? {} : { ':xferPrev': prev }),
      },
    },
    // The stored hour just ended: it becomes the previous one (its count + this transfer).
    next: {
      set: [
        'xfer_prev_count = xfer_hour_count',
        'xfer_hour = :xferHour',
        'xfer_hour_count = :xferOne',
      ],
      condition: '(xfer_hour = :xferPrevHour AND xfer_hour_count < :xferPerHour)',
      values: { ':xferPrevHour': windows.hour - 1, ':xferPerHour': limits.transfersPerHour },
    },
    // No transfer in the last two clock hours.
    fresh: {
      set: ['xfer_prev_count = :xferZero', 'xfer_hour = :xferHour', 'xfer_hour_count = :xferOne'],
      condition: '(attribute_not_exists(xfer_hour) OR xfer_hour < :xferPrevHour)',
      values: { ':xferPrevHour': windows.hour - 1, ':xferZero': 0 },
    },
  }[hours];
  const set = [
    ...hour.set,
    ...(sameDay
      ? ['xfer_day_coins = xfer_day_coins + :amount']
      : ['xfer_day = :xferDay', 'xfer_day_coins = :amount']),
  ];
  const condition = [
    hour.condition,
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
      ...hour.values,
      ...(sameDay ? { ':xferDayRoom': limits.coinsPerDay - amount } : {}),
    },
    explain: (old) => explainVelocity(old, { limits, windows, amount, hours, prev, sameDay, hint }),
  };
}

function explainVelocity(
  old: WalletHint,
  check: {
    limits: TransferLimits;
    windows: VelocityWindows;
    amount: number;
    hours: HourCase;
    prev: number;
    sameDay: boolean;
    hint: WalletHint;
  },
): Error | undefined {
  const { limits, windows, amount } = check;
  // No wallet, or a frozen one: the posting's own explanation is the one that matters.
  if (!old) return undefined;
  if (old.frozen === true) return new WalletFrozenError();
  // An amount the balance cannot cover is refused for that, whatever the limits: waiting for
  // the next window would not help.
  if (typeof old.balance === 'number' && old.balance < amount) return undefined;
  const hours = hourCase(old, windows.hour);
  const count = typeof old.xfer_hour_count === 'number' ? old.xfer_hour_count : 0;
  const limited = (seconds: number) =>
    new RateLimitedError(`At most ${limits.transfersPerHour} transfers in any hour`, seconds);
  // Previous hour + this one at the limit: the next clock hour drops the previous one, and if
  // this hour alone is at the limit, the one after that.
  if (hours === 'same' && previousCount(old) + count >= limits.transfersPerHour) {
    return limited(
      count >= limits.transfersPerHour
        ? windows.secondsToNextHour + 3600
        : windows.secondsToNextHour,
    );
  }
  if (hours === 'next' && count >= limits.transfersPerHour) {
    return limited(windows.secondsToNextHour);
  }
  const dayNow = old.xfer_day === windows.day;
  if (dayNow && (old.xfer_day_coins as number) + amount > limits.coinsPerDay) {
    return new RateLimitedError(
      `At most ${limits.coinsPerDay} coins can be sent per UTC day`,
      windows.secondsToNextDay,
    );
  }
  const prevMoved = hours === 'same' && old.xfer_prev_count !== check.hint?.xfer_prev_count;
  if (hours !== check.hours || prevMoved || dayNow !== check.sameDay) {
    return new VelocityHintOutdatedError(old);
  }
  return undefined;
}
