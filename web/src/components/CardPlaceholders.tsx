/**
 * Shimmering cards in the place of cards still loading, in the same grid and about their height,
 * so that what is below does not jump when they arrive (Lighthouse's layout shift measured 0.07
 * for one 9rem bar standing in for six bundles on a phone). `count` is what the catalogue usually
 * holds: another number only moves the content below by a row.
 */
export function CardPlaceholders({
  count,
  label,
  tall = false,
}: {
  readonly count: number;
  readonly label: string;
  /** Plan cards carry a heading more than bundle cards. */
  readonly tall?: boolean;
}) {
  return (
    <div className="bundle-grid" role="status" aria-label={label}>
      {Array.from({ length: count }, (_, index) => (
        <div
          // The placeholders are interchangeable and never reorder.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          key={index}
          className={`skeleton skeleton--card${tall ? ' skeleton--card-tall' : ''}`}
        />
      ))}
    </div>
  );
}
