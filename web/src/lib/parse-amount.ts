import {
  characterCount,
  MAX_AMOUNT,
  MAX_DESCRIPTION_LENGTH,
  USER_ID_PATTERN,
} from '#shared/ledger/rules';
import { formatCoins } from './format-coins';

// The server's own rules (a few constants, no server code runs here), so the form's checks match
// what the API will accept. The API still checks everything itself.
export {
  MAX_DESCRIPTION_LENGTH,
  SYSTEM_USER_ID,
  USER_ID_PATTERN,
} from '#shared/ledger/rules';

/**
 * A whole number of coins from what was typed; thousands separators and spaces are allowed
 * because the page shows amounts with them. Returns an error message instead when it is not one.
 */
export function parseAmount(input: string): { amount: number } | { error: string } {
  const digits = input.replace(/[,\s_]/g, '');
  if (digits === '') return { error: 'Enter an amount.' };
  if (!/^\d+$/.test(digits)) return { error: 'Enter a whole number of coins, like 250.' };
  const amount = Number(digits);
  if (amount < 1) return { error: 'The amount must be at least 1 coin.' };
  if (amount > MAX_AMOUNT)
    return { error: `The amount must be at most ${formatCoins(MAX_AMOUNT)} coins.` };
  return { amount };
}

/** An error message for a recipient id, or undefined when it is well formed. */
export function checkUserId(input: string): string | undefined {
  if (input.trim() === '') return 'Enter a user id.';
  if (!USER_ID_PATTERN.test(input.trim()))
    return 'A user id has only letters, digits and . _ : @ + - (up to 128).';
  return undefined;
}

/**
 * An error message for a note over the limit, counted as the API counts (Unicode code points):
 * the input's own maxLength would count UTF-16 units and cut 300 emoji down to 250.
 */
export function checkNote(input: string): string | undefined {
  const count = characterCount(input);
  if (count <= MAX_DESCRIPTION_LENGTH) return undefined;
  return `A note has at most ${MAX_DESCRIPTION_LENGTH} characters; this one has ${count}.`;
}
