/**
 * How amounts read: always with thousands separators, and a spoken form for screen readers, so
 * "1000" is never announced as "one zero zero zero". en-US is fixed on purpose: prices come from
 * the server in USD and the whole page is in English.
 */
const LOCALE = 'en-US';
const coinNumber = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 });

export function formatCoins(amount: number): string {
  return coinNumber.format(amount);
}

/** "1 DasWos coin", "1,000 DasWos coins", "-250 DasWos coins". */
export function coinLabel(amount: number): string {
  return `${formatCoins(amount)} DasWos ${Math.abs(amount) === 1 ? 'coin' : 'coins'}`;
}

/** "+1,000" / "−250" with a real minus sign, for history rows. */
export function formatSignedCoins(amount: number): string {
  if (amount === 0) return '0';
  return `${amount > 0 ? '+' : '\u2212'}${formatCoins(Math.abs(amount))}`;
}

export function formatPrice(cents: number, currency: string): string {
  return new Intl.NumberFormat(LOCALE, {
    style: 'currency',
    currency: currency.toUpperCase(),
  }).format(cents / 100);
}

const dateTime = new Intl.DateTimeFormat(LOCALE, { dateStyle: 'medium', timeStyle: 'short' });

export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
}

/** "$0.0085 per coin": enough digits that bundles with different prices per coin read apart. */
export function formatPricePerCoin(cents: number, coins: number, currency: string): string {
  const perCoin = new Intl.NumberFormat(LOCALE, {
    style: 'currency',
    currency: currency.toUpperCase(),
    minimumFractionDigits: 4,
    maximumFractionDigits: 4,
  }).format(cents / 100 / coins);
  return `${perCoin} per coin`;
}

/** The id of the offer that gives the most coins for the money; none when there is no choice. */
export function bestValueId(
  offers: readonly { id: string; coins: number; priceCents: number }[],
): string | undefined {
  if (offers.length < 2) return undefined;
  let best = offers[0];
  for (const offer of offers) {
    if (best && offer.priceCents / offer.coins < best.priceCents / best.coins) best = offer;
  }
  return best?.id;
}
