import { randomInt } from 'node:crypto';

/**
 * Referral codes: 8 characters from an alphabet without look-alikes (no 0/O, 1/I/L), drawn at
 * random (31^8, about 8.5 * 10^11 codes), so nothing about a code tells whose it is, and a code
 * read aloud or typed in lower case still works. Uniqueness is not left to chance: a code is
 * reserved with a conditional Put before it is given to anyone.
 */
export const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const CODE_LENGTH = 8;

/** What a claim may send: letters and digits, compared in upper case. */
export const CLAIMED_CODE_PATTERN = /^[A-Za-z0-9]{4,16}$/;

export function newReferralCode(): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

/** Codes are case-insensitive: stored and looked up in upper case. */
export function normalizeReferralCode(code: string): string {
  return code.trim().toUpperCase();
}
