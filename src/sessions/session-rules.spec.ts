import { describe, expect, it } from '@jest/globals';
import {
  checkInOpen,
  hoursX100,
  normalCode,
  newCheckInCode,
  placeFor,
  seatsToFill,
  timeProblems,
  waitListOrder,
} from './session-rules.js';

const at = (iso: string) => new Date(iso);
const NOW = at('2026-12-03T09:00:00Z');

describe('placeFor', () => {
  it('gives a seat while one is left', () => {
    expect(placeFor(29, 30)).toBe('registered');
  });

  it('puts the next person on the wait-list when every seat is taken', () => {
    expect(placeFor(30, 30)).toBe('waitlisted');
  });
});

describe('seatsToFill', () => {
  it('seats as many waiting people as seats are free', () => {
    expect(seatsToFill(28, 30)).toBe(2);
  });

  it('seats nobody when the room is full (or smaller than its registrations)', () => {
    expect(seatsToFill(30, 30)).toBe(0);
    expect(seatsToFill(31, 30)).toBe(0);
  });
});

describe('waitListOrder', () => {
  it('lists only those waiting, in the order their places were written', () => {
    const rows = [
      { id: 9, status: 'waitlisted' as const },
      { id: 2, status: 'registered' as const },
      { id: 4, status: 'waitlisted' as const },
      { id: 7, status: 'cancelled' as const },
      { id: 5, status: 'waitlisted' as const },
    ];
    expect(waitListOrder(rows).map((r) => r.id)).toEqual([4, 5, 9]);
  });
});

describe('timeProblems', () => {
  it('accepts a future session that ends after it starts', () => {
    expect(timeProblems(at('2026-12-10T15:30:00Z'), at('2026-12-10T17:00:00Z'), NOW)).toEqual([]);
  });

  it('refuses an end at or before the start, naming endsAt', () => {
    expect(timeProblems(at('2026-12-10T15:30:00Z'), at('2026-12-10T15:30:00Z'), NOW)).toEqual([
      'endsAt must be after startsAt',
    ]);
  });

  it('refuses a start in the past, naming startsAt', () => {
    expect(timeProblems(at('2026-12-03T08:59:00Z'), at('2026-12-03T10:00:00Z'), NOW)).toEqual([
      'startsAt must be in the future',
    ]);
  });

  it('lets an edit keep a start already past (fixing the end of a session under way)', () => {
    expect(timeProblems(at('2026-12-03T08:00:00Z'), at('2026-12-03T10:30:00Z'), NOW, false)).toEqual([]);
  });
});

describe('checkInOpen', () => {
  const session = { startsAt: at('2026-12-03T09:30:00Z'), endsAt: at('2026-12-03T11:00:00Z') };

  it('opens 15 minutes before the start and closes at the end', () => {
    expect(checkInOpen(session, at('2026-12-03T09:14:59Z'))).toBe(false);
    expect(checkInOpen(session, at('2026-12-03T09:15:00Z'))).toBe(true);
    expect(checkInOpen(session, at('2026-12-03T11:00:00Z'))).toBe(true);
    expect(checkInOpen(session, at('2026-12-03T11:00:01Z'))).toBe(false);
  });
});

describe('check-in codes', () => {
  it('makes six characters with no look-alikes', () => {
    for (let i = 0; i < 50; i++) expect(newCheckInCode()).toMatch(/^[A-HJKMNP-Z2-9]{6}$/);
  });

  it('reads a code typed in lower case, with spaces or a dash', () => {
    expect(normalCode(' k7q-m2x ')).toBe('K7QM2X');
  });
});

describe('hoursX100', () => {
  it('keeps PD hours in hundredths without floating-point drift', () => {
    expect(hoursX100(1.15)).toBe(115);
    expect(hoursX100(0.25)).toBe(25);
  });
});
