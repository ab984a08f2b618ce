import { useId } from 'react';

export interface DasWosCoinIconProps {
  /** Pixel size of the square icon. */
  readonly size?: number;
  /** When set the icon is announced with this name; otherwise it is decorative. */
  readonly title?: string;
  readonly className?: string;
}

/**
 * The one DasWos coin: a gold disc with a raised rim and a "D" mark. Every amount, the header and
 * the favicon use it, so the coin looks the same everywhere. Ids are per instance (useId) so that
 * many icons on one page do not share a gradient.
 */
export function DasWosCoinIcon({ size = 20, title, className }: DasWosCoinIconProps) {
  const id = useId();
  const face = `${id}-face`;
  const rim = `${id}-rim`;
  const labelled = title !== undefined;
  return (
    <svg
      className={['coin-icon', className].filter(Boolean).join(' ')}
      width={size}
      height={size}
      viewBox="0 0 32 32"
      role={labelled ? 'img' : undefined}
      aria-hidden={labelled ? undefined : true}
      aria-label={title}
      focusable="false"
      data-testid="daswos-coin-icon"
    >
      {labelled ? <title>{title}</title> : null}
      <defs>
        <linearGradient id={rim} x1="0" y1="0" x2="1" y2="1">
          <stop offset="0" stopColor="#f7c948" />
          <stop offset="1" stopColor="#b7791f" />
        </linearGradient>
        <radialGradient id={face} cx="0.35" cy="0.3" r="0.8">
          <stop offset="0" stopColor="#fff3c4" />
          <stop offset="0.55" stopColor="#f7c948" />
          <stop offset="1" stopColor="#d69e2e" />
        </radialGradient>
      </defs>
      <circle cx="16" cy="16" r="15" fill={`url(#${rim})`} />
      <circle cx="16" cy="16" r="12" fill={`url(#${face})`} stroke="#b7791f" strokeWidth="1" />
      <path
        d="M12 9.5h4.2c4 0 6.3 2.5 6.3 6.5s-2.3 6.5-6.3 6.5H12z M14.8 12v8h1.3c2.2 0 3.5-1.4 3.5-4s-1.3-4-3.5-4z"
        fill="#7b4a00"
        fillRule="evenodd"
      />
    </svg>
  );
}
