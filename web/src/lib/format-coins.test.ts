import { describe, expect, it } from 'vitest';
import { coinLabel, formatCoins, formatPrice, formatSignedCoins } from './format-coins';
import { checkUserId, parseAmount } from './parse-amount';

describe('formatting amounts', () => {
  it('writes thousands separators', () => {
    expect(formatCoins(0)).toBe('0');
    expect(formatCoins(1000)).toBe('1,000');
    expect(formatCoins(1_000_000_000)).toBe('1,000,000,000');
  });

  it('names the coins for screen readers, singular and plural', () => {
    expect(coinLabel(1)).toBe('1 DasWos coin');
    expect(coinLabel(1000)).toBe('1,000 DasWos coins');
  });

  it('signs amounts in and out with a real minus sign', () => {
    expect(formatSignedCoins(2500)).toBe('+2,500');
    expect(formatSignedCoins(-250)).toBe('\u2212250');
  });

  it('formats prices from cents', () => {
    expect(formatPrice(849, 'usd')).toBe('$8.49');
    expect(formatPrice(6999, 'usd')).toBe('$69.99');
  });
});

describe('reading what was typed', () => {
  it('accepts whole numbers, with separators', () => {
    expect(parseAmount('250')).toEqual({ amount: 250 });
    expect(parseAmount(' 1,000 ')).toEqual({ amount: 1000 });
  });

  it('refuses what the API would refuse', () => {
    for (const input of ['', '0', '2.5', '-3', 'abc', '1000000001']) {
      expect(parseAmount(input)).toHaveProperty('error');
    }
  });

  it('checks user ids with the API rule', () => {
    expect(checkUserId('bob')).toBeUndefined();
    expect(checkUserId('')).toMatch(/enter a user id/i);
    expect(checkUserId('bob smith')).toMatch(/only letters/i);
  });
});
