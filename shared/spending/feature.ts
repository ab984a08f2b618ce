import { ValidationError } from '#shared/errors';

/** A DasWos feature the coins pay for, as the calling service names it (`boost`, `premium-listing`). */
export const FEATURE_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;

export function assertFeature(feature: string): void {
  if (!FEATURE_PATTERN.test(feature)) {
    throw new ValidationError('The feature must be 1 to 64 of a-z, 0-9, . _ and -');
  }
}
