import * as z from 'zod/mini';
import { characterCount } from '#shared/ledger/rules';

/**
 * A string of at most `max` characters, counted as the API description's `maxLength` counts them
 * (Unicode code points). zod's own maxLength counts UTF-16 units, which would refuse 300 emoji as
 * "longer than 500"; the refinement counts like the domain rule, and the metadata keeps
 * `maxLength` in the generated JSON Schema, where the refinement itself cannot appear.
 * (`minLength: 1`, non-empty, is the same in either count.) Every text limit of the API uses it;
 * the Idempotency-Key is printable ASCII, where both counts agree.
 */
export function textOfAtMost(max: number, options: { readonly minLength?: 1 } = {}) {
  return z
    .string()
    .check(
      ...(options.minLength ? [z.minLength(options.minLength)] : []),
      z.refine((text) => characterCount(text) <= max, `must be at most ${max} characters`),
    )
    .register(z.globalRegistry, { maxLength: max });
}
