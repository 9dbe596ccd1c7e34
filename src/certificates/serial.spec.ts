import { describe, expect, it } from '@jest/globals';
import { newSerial, normalizeSerial } from './serial.js';

const DIGITS = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CHECK_SYMBOLS = `${DIGITS}*~$=U`;
const FORMAT =
  /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z][0-9A-HJKMNP-TV-Z*~$=U]$/;

/** A serial with the given 13 data digits and its correct check symbol, computed independently of serial.ts. */
function withCheck(data: string): string {
  const value = [...data].reduce((sum, char) => sum * 32n + BigInt(DIGITS.indexOf(char)), 0n);
  const compact = data + CHECK_SYMBOLS[Number(value % 37n)];
  return `${compact.slice(0, 4)}-${compact.slice(4, 8)}-${compact.slice(8, 12)}-${compact.slice(12)}`;
}

/** The 13 data digits of a small number, e.g. 33 → 0000000000011. */
function dataDigits(n: number): string {
  let digits = '';
  for (let i = 0; i < 13; i++, n = Math.floor(n / 32)) digits = DIGITS[n % 32] + digits;
  return digits;
}

function compact(serial: string): string {
  return serial.replace(/-/g, '');
}

function regroup(compactSerial: string): string {
  return compactSerial.match(/.{1,4}/g)!.join('-');
}

const samples = Array.from({ length: 200 }, () => newSerial());

describe('newSerial', () => {
  it('is 13 Crockford base32 digits and a check symbol, grouped 4-4-4-2', () => {
    for (const serial of samples) expect(serial).toMatch(FORMAT);
  });

  it('carries the correct mod-37 check symbol', () => {
    for (const serial of samples) expect(serial).toBe(withCheck(compact(serial).slice(0, 13)));
  });

  it('does not repeat across 10,000 serials', () => {
    const serials = new Set(Array.from({ length: 10_000 }, () => newSerial()));
    expect(serials.size).toBe(10_000);
  });

  it('uses all 65 bits: the first digit takes every value, not only the low ones', () => {
    // 65 bits in 13 digits leave no spare bits, so the first digit is as random as the others.
    const firstDigits = new Set(Array.from({ length: 2_000 }, () => newSerial()[0]));
    expect(firstDigits.size).toBe(32);
  });
});

describe('normalizeSerial', () => {
  it('returns a new serial unchanged', () => {
    for (const serial of samples) expect(normalizeSerial(serial)).toBe(serial);
  });

  it('accepts lower case, spaces, missing or extra hyphens, and I, L, O for 1, 1, 0', () => {
    const serial = withCheck('0123456789ABC');
    expect(serial).toBe('0123-4567-89AB-CA');
    expect(normalizeSerial(serial.toLowerCase())).toBe(serial);
    expect(normalizeSerial('O123 4567 89ab ca')).toBe(serial);
    expect(normalizeSerial('o-i-2-3-4567-89abca')).toBe(serial);
    expect(normalizeSerial('  0L23456789ABCA\t')).toBe(serial);
    expect(normalizeSerial('0123\u20134567\u201389AB\u2013CA')).toBe(serial); // en dashes, from a word processor
  });

  it('accepts the check symbols that are not digits, in either case', () => {
    const byCheck = new Map<string, string>();
    for (let n = 0; byCheck.size < 5 && n < 100_000; n++) {
      const serial = withCheck(dataDigits(n));
      const check = serial.at(-1)!;
      if ('*~$=U'.includes(check)) byCheck.set(check, serial);
    }
    expect([...byCheck.keys()].sort()).toEqual(['$', '*', '=', 'U', '~']);
    for (const serial of byCheck.values()) {
      expect(normalizeSerial(serial)).toBe(serial);
      expect(normalizeSerial(serial.toLowerCase())).toBe(serial);
    }
  });

  it('rejects every single changed digit, in a sample of serials', () => {
    const accepted: string[] = [];
    let changes = 0;
    for (const serial of samples.slice(0, 50)) {
      const chars = [...compact(serial)];
      chars.forEach((original, position) => {
        const alphabet = position < 13 ? DIGITS : CHECK_SYMBOLS;
        for (const replacement of alphabet) {
          if (replacement === original) continue;
          const changed = [...chars];
          changed[position] = replacement;
          const typo = regroup(changed.join(''));
          if (normalizeSerial(typo) !== null) accepted.push(typo);
          changes++;
        }
      });
    }
    expect(accepted).toEqual([]);
    expect(changes).toBe(50 * (13 * 31 + 36));
  });

  it('rejects every transposition of two adjacent different digits, in a sample of serials', () => {
    const accepted: string[] = [];
    let transpositions = 0;
    for (const serial of samples) {
      const chars = [...compact(serial)];
      for (let position = 0; position < 12; position++) {
        if (chars[position] === chars[position + 1]) continue;
        const swapped = [...chars];
        [swapped[position], swapped[position + 1]] = [swapped[position + 1], swapped[position]];
        const typo = regroup(swapped.join(''));
        if (normalizeSerial(typo) !== null) accepted.push(typo);
        transpositions++;
      }
    }
    expect(accepted).toEqual([]);
    expect(transpositions).toBeGreaterThan(2_000);
  });

  it('rejects the wrong length', () => {
    const serial = compact(withCheck('0123456789ABC'));
    expect(normalizeSerial(serial.slice(0, -1))).toBeNull();
    expect(normalizeSerial(`${serial}0`)).toBeNull();
    expect(normalizeSerial(`0${serial}`)).toBeNull();
    expect(normalizeSerial('')).toBeNull();
    expect(normalizeSerial('----')).toBeNull();
  });

  it('never reads U as a digit', () => {
    // U is not a Crockford digit (some decoders read it as V); only the check symbol may be U (value 36).
    const serial = withCheck('V123456789ABC');
    expect(normalizeSerial(serial)).toBe(serial);
    expect(normalizeSerial(serial.replace('V', 'U'))).toBeNull();
    expect(normalizeSerial(serial.replace('V', 'u'))).toBeNull();
    expect(normalizeSerial(withCheck('0123456789ABC').replace('0', 'U'))).toBeNull();
  });

  it('rejects characters outside the alphabet', () => {
    const serial = withCheck('0123456789ABC');
    for (const bad of ['*', '#', '_', 'é', '٣']) expect(normalizeSerial(serial.replace('1', bad))).toBeNull();
    expect(normalizeSerial(`${serial.slice(0, -1)}#`)).toBeNull();
  });
});
