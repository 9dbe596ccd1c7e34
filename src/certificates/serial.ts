import { randomBytes } from 'node:crypto';

// Crockford base32: no I, L, O (read as 1, 1, 0) and no U.
const DIGITS = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
// Crockford's check symbols: the 32 digits, then values 32..36.
const CHECK_SYMBOLS = `${DIGITS}*~$=U`;
const DATA_DIGITS = 13; // 13 × 5 bits = 65 bits
const VALUE_BITS = 65n;
const TYPED_ALIASES: Record<string, string> = { I: '1', L: '1', O: '0' };
// Spaces and the dashes a person (or a copy from a PDF or a word processor) puts between groups.
const SEPARATORS = /[\s\-\u2010-\u2015\u2212]/g;

/** A new serial: 65 random bits (crypto) as 13 Crockford base32 digits plus 1 check symbol, grouped "XXXX-XXXX-XXXX-XX". */
export function newSerial(): string {
  const bytes = randomBytes(9); // 72 bits, of which 65 are kept
  const value = BigInt(`0x${bytes.toString('hex')}`) & ((1n << VALUE_BITS) - 1n);
  let digits = '';
  for (let i = DATA_DIGITS - 1; i >= 0; i--) digits += DIGITS[Number((value >> BigInt(i * 5)) & 31n)];
  return group(digits + checkSymbol(value));
}

/** Reads a serial as a person might type it (any case, spaces or hyphens anywhere, I/L for 1, O for 0) and returns the canonical grouped form, or null when it is malformed or its check symbol is wrong. U is never valid. */
export function normalizeSerial(input: string): string | null {
  const compact = [...input.replace(SEPARATORS, '').toUpperCase()]
    .map((char) => TYPED_ALIASES[char] ?? char)
    .join('');
  if (compact.length !== DATA_DIGITS + 1) return null;
  let value = 0n;
  for (const char of compact.slice(0, DATA_DIGITS)) {
    const digit = DIGITS.indexOf(char);
    if (digit < 0) return null;
    value = (value << 5n) | BigInt(digit);
  }
  // U appears only as the check symbol for 36 (Crockford's set); as a data digit it was rejected above.
  if (compact[DATA_DIGITS] !== checkSymbol(value)) return null;
  return group(compact);
}

function checkSymbol(value: bigint): string {
  return CHECK_SYMBOLS[Number(value % 37n)];
}

function group(compact: string): string {
  return compact.match(/.{1,4}/g)!.join('-');
}
