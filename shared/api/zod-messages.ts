import { en } from 'zod/locales';
import { config } from 'zod/mini';

/**
 * The API's schemas use zod/mini: the same validation and types as classic zod in a third of
 * the bytes (29 KB instead of 90 KB in each handler that validates; see docs/performance.md).
 * Mini carries no messages of its own, so this module gives it classic zod's English ones, for
 * the issues our schemas do not word themselves. Import it for its effect before parsing; `en`
 * comes on its own, not through `z.locales`, which holds every language.
 */
config(en());
