import { resolve } from 'node:path';

/**
 * The built Hearth the tests run: `dist/` (what `npm run build` makes), or HEARTH_TEST_DIST for a build
 * elsewhere in the checkout (so work in progress can be tested while `dist/` serves other tests).
 */
export function built(file: string): string {
  return resolve(process.cwd(), process.env.HEARTH_TEST_DIST ?? 'dist', file);
}
