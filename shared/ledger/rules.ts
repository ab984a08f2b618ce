import { InvalidAmountError, SystemWalletError, ValidationError } from '#shared/errors';

/** The DASWOS AI system wallet: it holds every coin that has not been minted to a user. */
export const SYSTEM_USER_ID = '0';

/** The fixed supply. Tests may seed a smaller one; production always uses this. */
export const TOTAL_SUPPLY = 1_000_000_000;

/** No single operation may move more than the whole supply. */
export const MAX_AMOUNT = TOTAL_SUPPLY;

export const MAX_DESCRIPTION_LENGTH = 500;

/** Cognito `sub`s are UUIDs; local users pick readable ids. Nothing that could break a key. */
export const USER_ID_PATTERN = /^[A-Za-z0-9._:@+-]{1,128}$/;

export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

/** An amount is a whole number of coins from 1 to the whole supply: exact in JS and DynamoDB. */
export function isValidAmount(amount: unknown): amount is number {
  return (
    typeof amount === 'number' &&
    Number.isSafeInteger(amount) &&
    amount >= 1 &&
    amount <= MAX_AMOUNT
  );
}

export function assertValidAmount(amount: unknown): asserts amount is number {
  if (!isValidAmount(amount)) {
    throw new InvalidAmountError(`The amount must be a whole number from 1 to ${MAX_AMOUNT}`);
  }
}

export function assertUserId(userId: string): void {
  if (!USER_ID_PATTERN.test(userId)) {
    throw new ValidationError('The user id is not valid');
  }
}

/** A user wallet: any valid id except the DASWOS AI wallet, which only mints and clawbacks touch. */
export function assertUserWalletId(userId: string): void {
  assertUserId(userId);
  if (userId === SYSTEM_USER_ID) throw new SystemWalletError();
}

/**
 * Text length as JSON Schema's `maxLength` counts it, and as people do: in Unicode code points,
 * not JavaScript's UTF-16 units (an emoji is one character, not two).
 */
export function characterCount(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

export function assertDescription(description: string | undefined): void {
  if (description !== undefined && characterCount(description) > MAX_DESCRIPTION_LENGTH) {
    throw new ValidationError(
      `The description is longer than ${MAX_DESCRIPTION_LENGTH} characters`,
    );
  }
}

export function assertIdempotencyKey(key: string | undefined): void {
  if (key !== undefined && (key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY_LENGTH)) {
    throw new ValidationError(
      `The idempotency key must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`,
    );
  }
}
