import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { DasWosCoinDisplay } from './DasWosCoinDisplay';
import { DasWosCoinIcon } from './DasWosCoinIcon';

describe('DasWosCoinDisplay', () => {
  it('shows the amount with separators and one phrase for screen readers', () => {
    const { container } = render(<DasWosCoinDisplay amount={1000} />);
    expect(container.textContent).toContain('1,000');
    // The visible number is hidden from assistive technology; the phrase is what it reads.
    expect(screen.getByText('1,000 DasWos coins')).toHaveProperty('className', 'visually-hidden');
    expect(screen.getByText('1,000').getAttribute('aria-hidden')).toBe('true');
    expect(screen.getByTestId('daswos-coin-icon').getAttribute('aria-hidden')).toBe('true');
  });

  it('signs history amounts and says which way they went', () => {
    render(
      <>
        <DasWosCoinDisplay amount={-250} signed />
        <DasWosCoinDisplay amount={2500} signed />
      </>,
    );
    expect(screen.getByText('\u2212250')).toBeTruthy();
    expect(screen.getByText('sent 250 DasWos coins')).toBeTruthy();
    expect(screen.getByText('+2,500')).toBeTruthy();
    expect(screen.getByText('received 2,500 DasWos coins')).toBeTruthy();
  });

  it('says "coin" for one', () => {
    render(<DasWosCoinDisplay amount={1} />);
    expect(screen.getByText('1 DasWos coin')).toBeTruthy();
  });
});

describe('DasWosCoinIcon', () => {
  it('is decorative unless given a title, then it is a named image', () => {
    render(<DasWosCoinIcon title="DasWos coin" />);
    expect(screen.getByRole('img', { name: 'DasWos coin' })).toBeTruthy();
  });

  it('gives each icon its own gradient ids', () => {
    const { container } = render(
      <>
        <DasWosCoinIcon />
        <DasWosCoinIcon />
      </>,
    );
    const ids = [...container.querySelectorAll('linearGradient')].map((g) => g.id);
    expect(new Set(ids).size).toBe(2);
  });
});
