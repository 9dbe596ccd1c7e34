import { randomInt } from 'node:crypto';

/** Crockford base32: no I, L, O (read as 1, 1, 0) and no U, so a code read aloud or off paper survives. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const TYPED_ALIASES: Record<string, string> = { I: '1', L: '1', O: '0' };
/**
 * 12 symbols × 5 bits = 60 bits: under the join throttle (50 failures a minute per address) a guesser
 * would need billions of years to find one of a district's codes.
 */
export const CODE_LENGTH = 12;
const SEPARATORS = /[\s\-\u2010-\u2015\u2212]/g;

/** A new random invite code, canonical (upper-case, no separators). */
export function newCohortCode(): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return code;
}

/**
 * A code as a person typed it (any case, spaces or hyphens anywhere, I/L for 1, O for 0) in its
 * canonical form, or null when it cannot be a code at all.
 */
export function normalizeCohortCode(input: string): string | null {
  const compact = [...input.replace(SEPARATORS, '').toUpperCase()]
    .map((char) => TYPED_ALIASES[char] ?? char)
    .join('');
  if (compact.length !== CODE_LENGTH || [...compact].some((char) => !ALPHABET.includes(char))) return null;
  return compact;
}

/** The code as people see it: groups of four, e.g. 7KQ2-M9XD-4TR8. */
export function displayCohortCode(code: string): string {
  return code.match(/.{1,4}/g)?.join('-') ?? code;
}
