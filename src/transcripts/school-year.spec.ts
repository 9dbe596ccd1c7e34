import { describe, expect, it } from '@jest/globals';
import { schoolYearDays, schoolYearOf } from './school-year.js';

describe('school years (July to June unless configured)', () => {
  it('puts the last day of June in the year before, and the first of July in the next', () => {
    expect(schoolYearOf('2027-06-30', 7)).toBe('2026-27');
    expect(schoolYearOf('2027-07-01', 7)).toBe('2027-28');
    expect(schoolYearOf('2026-12-31', 7)).toBe('2026-27');
  });

  it('crosses a century with two digits', () => {
    expect(schoolYearOf('2099-09-01', 7)).toBe('2099-00');
    expect(schoolYearDays('2099-00', 7)).toEqual({ from: '2099-07-01', to: '2100-06-30' });
  });

  it('gives the first and last day of a school year, leap years included', () => {
    expect(schoolYearDays('2026-27', 7)).toEqual({ from: '2026-07-01', to: '2027-06-30' });
    expect(schoolYearDays('2027-28', 3)).toEqual({ from: '2027-03-01', to: '2028-02-29' });
    expect(schoolYearDays('2026', 1)).toEqual({ from: '2026-01-01', to: '2026-12-31' });
  });

  it('follows a configured start month', () => {
    expect(schoolYearOf('2026-08-31', 9)).toBe('2025-26');
    expect(schoolYearOf('2026-09-01', 9)).toBe('2026-27');
    expect(schoolYearOf('2026-01-01', 1)).toBe('2026');
  });

  it('refuses a name that is not one school year', () => {
    for (const name of ['2026-28', '2026', '26-27', '2026-27 ', 'x'])
      expect(schoolYearDays(name, 7)).toBeUndefined();
    expect(schoolYearDays('2026-27', 1)).toBeUndefined();
  });
});
