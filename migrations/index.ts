import { Foundation1764000000000 } from './1764000000000-foundation.js';

/** Every migration, in order; imported (not globbed) so the same list works in tests and in dist/. */
export const MIGRATIONS = [Foundation1764000000000];
