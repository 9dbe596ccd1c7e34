import { describe, expect, it } from '@jest/globals';
import {
  daysBetween,
  dueDistance,
  localDay,
  localTimestamp,
  longDate,
  longMoment,
  momentNow,
  todayIso,
} from './clock.js';

// Local-time constructors: the clock works in the server's time zone, whatever the test machine's is.
const at = (day: string, hours: number, minutes = 0) => {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(year, month - 1, date, hours, minutes);
};

describe('momentNow', () => {
  it('is the clock when no fixed day is set', () => {
    const real = at('2026-11-24', 9, 30);
    expect(momentNow({ today: undefined }, real)).toBe(real);
  });

  it('moves the clock onto the fixed day, keeping the time of day', () => {
    const config = { today: '2026-09-01' };
    const moment = momentNow(config, at('2026-11-24', 9, 30));
    expect(moment).toEqual(at('2026-09-01', 9, 30));
    expect(localDay(moment)).toBe(todayIso(config));
    expect(momentNow(config, at('2026-11-24', 9, 45))).toEqual(at('2026-09-01', 9, 45));
  });

  it('stays on the fixed day after the real midnight, keeping moments in order', () => {
    const config = { today: '2026-11-23' };
    const evening = momentNow(config, at('2026-11-24', 23, 59));
    const afterMidnight = momentNow(config, at('2026-11-25', 0, 1));
    const nextDay = momentNow(config, at('2026-11-25', 16, 0));
    expect(localDay(afterMidnight)).toBe('2026-11-23');
    expect(localDay(nextDay)).toBe('2026-11-23');
    expect(afterMidnight.getTime()).toBeGreaterThan(evening.getTime());
    expect(nextDay.getTime()).toBe(afterMidnight.getTime());
    expect(afterMidnight).toEqual(new Date(at('2026-11-24', 0).getTime() - 1));
  });
});

describe('localTimestamp', () => {
  it('is the same instant, to the second, written on the local day with its offset', () => {
    for (const moment of [at('2026-10-31', 17, 30), at('2026-03-08', 2, 59), at('2026-11-01', 0, 0)]) {
      const text = localTimestamp(moment);
      expect(text).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
      expect(Date.parse(text)).toBe(moment.getTime());
      expect(text.slice(0, 10)).toBe(localDay(moment));
    }
  });
});

describe('longDate and longMoment', () => {
  it('writes a day in words, as given or as a moment’s local day', () => {
    expect(longDate('2026-12-03')).toBe('December 3, 2026');
    expect(longDate(at('2026-12-03', 23, 59))).toBe('December 3, 2026');
  });

  it('writes a moment as its local day and minute on a 24-hour clock', () => {
    expect(longMoment(at('2026-12-03', 14, 5))).toBe('December 3, 2026, 14:05');
    expect(longMoment(at('2026-01-09', 7, 30))).toBe('January 9, 2026, 07:30');
    expect(longMoment(at('2026-12-03', 14, 5).toISOString())).toBe('December 3, 2026, 14:05');
  });
});

describe('dueDistance and daysBetween', () => {
  it('counts whole days to a due date still ahead', () => {
    expect(dueDistance('2026-11-23', '2026-11-11')).toBe('due in 12 days');
  });

  it('says tomorrow and today rather than 1 or 0 days', () => {
    expect(dueDistance('2026-11-12', '2026-11-11')).toBe('due tomorrow');
    expect(dueDistance('2026-11-11', '2026-11-11')).toBe('due today');
  });

  it('counts the days past a due date from the day after it, as the overdue status does', () => {
    expect(dueDistance('2026-11-10', '2026-11-11')).toBe('overdue by 1 day');
    expect(dueDistance('2026-10-31', '2026-11-05')).toBe('overdue by 5 days');
  });

  it('is a whole number of days across a clock change and a year end', () => {
    // The United States leave daylight saving time on 2026-11-01: that day is 25 hours long there.
    expect(daysBetween('2026-10-31', '2026-11-02')).toBe(2);
    expect(daysBetween('2026-12-31', '2027-01-01')).toBe(1);
  });
});
