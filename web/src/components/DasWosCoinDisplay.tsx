import { coinLabel, formatCoins, formatSignedCoins } from '../lib/format-coins';
import { DasWosCoinIcon } from './DasWosCoinIcon';

export interface DasWosCoinDisplayProps {
  readonly amount: number;
  readonly size?: 'sm' | 'md' | 'lg';
  /** Shows + or − and says "received" or "sent" to screen readers (history rows). */
  readonly signed?: boolean;
  readonly className?: string;
}

const ICON_SIZE = { sm: 16, md: 20, lg: 32 } as const;

/**
 * An amount of coins: the icon and the number with thousands separators. Screen readers hear
 * one phrase ("1,000 DasWos coins") instead of an unnamed picture and a bare number.
 */
export function DasWosCoinDisplay({
  amount,
  size = 'md',
  signed = false,
  className,
}: DasWosCoinDisplayProps) {
  const visible = signed ? formatSignedCoins(amount) : formatCoins(amount);
  const spoken = signed
    ? `${amount < 0 ? 'sent' : 'received'} ${coinLabel(Math.abs(amount))}`
    : coinLabel(amount);
  const tone = signed ? (amount < 0 ? 'coin-amount--out' : 'coin-amount--in') : '';
  return (
    <span
      className={['coin-amount', `coin-amount--${size}`, tone, className].filter(Boolean).join(' ')}
    >
      <DasWosCoinIcon size={ICON_SIZE[size]} />
      <span aria-hidden="true" className="coin-amount__value">
        {visible}
      </span>
      <span className="visually-hidden">{spoken}</span>
    </span>
  );
}
