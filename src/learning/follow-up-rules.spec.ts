import { describe, expect, it } from '@jest/globals';
import { completedOnFor, followUpDueOn, followUpState } from './follow-up-rules.js';

// Completions are built in local time: a completion's day is the server's (the district's) day.
const at = (day: string, time: string) => new Date(`${day}T${time}`);

describe('follow-up rules, with the clock frozen', () => {
  it('comes due the set number of days after the day of completion', () => {
    expect(followUpDueOn(at('2026-10-01', '09:00'), 14)).toBe('2026-10-15');
    expect(followUpDueOn(at('2026-10-01', '09:00'), 84)).toBe('2026-12-24');
  });

  it('counts from the local day: a course finished late in the evening is finished that day', () => {
    expect(followUpDueOn(at('2026-10-01', '23:59:30'), 14)).toBe('2026-10-15');
    expect(followUpDueOn(at('2026-10-02', '00:00:10'), 14)).toBe('2026-10-16');
  });

  it('crosses month, year and daylight-saving changes by calendar days', () => {
    expect(followUpDueOn(at('2026-12-20', '10:00'), 42)).toBe('2027-01-31');
    expect(followUpDueOn(at('2026-10-25', '10:00'), 14)).toBe('2026-11-08');
  });

  it('is upcoming before its day, due on it and after (it waits), done once marked', () => {
    expect(followUpState('2026-10-15', '2026-10-14', false)).toBe('upcoming');
    expect(followUpState('2026-10-15', '2026-10-15', false)).toBe('due');
    expect(followUpState('2026-10-15', '2027-03-01', false)).toBe('due');
    expect(followUpState('2026-10-15', '2026-10-20', true)).toBe('done');
  });

  it('names the completion day whose follow-up comes due on a day (for the digest)', () => {
    expect(completedOnFor('2026-10-15', 14)).toBe('2026-10-01');
    expect(followUpDueOn(at(completedOnFor('2027-01-31', 42), '12:00'), 42)).toBe('2027-01-31');
  });
});
