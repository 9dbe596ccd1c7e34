import { describe, expect, it } from '@jest/globals';
import { CODE_LENGTH, displayCohortCode, newCohortCode, normalizeCohortCode } from './cohort-code.js';

describe('cohort invite codes', () => {
  it('are 12 unambiguous symbols, different every time', () => {
    const codes = Array.from({ length: 200 }, newCohortCode);
    expect(new Set(codes).size).toBe(200);
    for (const code of codes) expect(code).toMatch(new RegExp(`^[0-9A-HJKMNP-TV-Z]{${CODE_LENGTH}}$`));
  });

  it('read the way people type them: any case, hyphens and spaces, I/L for 1 and O for 0', () => {
    expect(normalizeCohortCode(' 7kq2-m9xd 4tr8 ')).toBe('7KQ2M9XD4TR8');
    expect(normalizeCohortCode('7KQ2–M9XD–4TR8')).toBe('7KQ2M9XD4TR8');
    expect(normalizeCohortCode('ILO0-0000-0000')).toBe('110000000000');
  });

  it('refuse what cannot be a code', () => {
    expect(normalizeCohortCode('')).toBeNull();
    expect(normalizeCohortCode('7KQ2-M9XD-4TR')).toBeNull();
    expect(normalizeCohortCode('7KQ2-M9XD-4TRU')).toBeNull();
    expect(normalizeCohortCode('7KQ2-M9XD-4TR8-0')).toBeNull();
  });

  it('show in groups of four', () => {
    expect(displayCohortCode('7KQ2M9XD4TR8')).toBe('7KQ2-M9XD-4TR8');
  });
});
