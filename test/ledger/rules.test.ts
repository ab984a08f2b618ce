import { ValidationError } from '#shared/errors';
import { assertDescription, characterCount, MAX_DESCRIPTION_LENGTH } from '#shared/ledger/rules';

describe('description rule', () => {
  it('counts Unicode code points, not UTF-16 units', () => {
    expect(characterCount('🪙🪙🪙')).toBe(3);
    expect('🪙🪙🪙'.length).toBe(6);
  });

  it('accepts 500 emoji as 500 characters', () => {
    expect(() => assertDescription('🪙'.repeat(MAX_DESCRIPTION_LENGTH))).not.toThrow();
  });

  it('refuses 501 characters', () => {
    expect(() => assertDescription('🪙'.repeat(MAX_DESCRIPTION_LENGTH + 1))).toThrow(
      ValidationError,
    );
  });
});
