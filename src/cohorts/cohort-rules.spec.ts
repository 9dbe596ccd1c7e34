import { describe, expect, it } from '@jest/globals';
import { closedOn } from './cohort-rules.js';

describe('when a cohort is closed', () => {
  it('is open through its closing day', () => {
    expect(closedOn({ closesOn: '2026-12-18', closedAt: null }, '2026-12-18')).toBeNull();
  });

  it('is closed the day after its closing day, as of that closing day', () => {
    expect(closedOn({ closesOn: '2026-12-18', closedAt: null }, '2026-12-19')).toBe('2026-12-18');
  });

  it('is closed from the day HR closed it early', () => {
    expect(closedOn({ closesOn: '2026-12-18', closedAt: new Date(2026, 10, 3, 15, 0) }, '2026-11-03')).toBe(
      '2026-11-03',
    );
  });
});
