import * as z from 'zod/mini';

/**
 * A string of at most `max` characters, counted in Unicode code points: zod counts a string
 * that is longer in UTF-16 units than `max` by its code points, as the API description's
 * `maxLength` and the domain rule (`characterCount`) do, so 300 emoji are 300 characters (the
 * code-point tests in test/api/http-contract.test.ts hold zod to it). `minLength: 1`, non-empty,
 * is the same in either count.
 */
export function textOfAtMost(max: number, options: { readonly minLength?: 1 } = {}) {
  return z
    .string()
    .check(
      ...(options.minLength ? [z.minLength(options.minLength)] : []),
      z.maxLength(max, `must be at most ${max} characters`),
    );
}
