import { describe, expect, it } from '@jest/globals';
import { calendarIcs, type CalendarItem } from './calendar-ics.js';
import { dueDateItems, isPending } from './due-dates.source.js';

const STAMP = new Date('2026-12-03T09:15:00Z');

/** The unfolded content lines (RFC 5545 3.1: a CRLF followed by a space continues the line). */
const linesOf = (ics: string) => ics.replace(/\r\n /g, '').split('\r\n');

/** The events' lines, one array per VEVENT. */
function events(ics: string): string[][] {
  const found: string[][] = [];
  let current: string[] | null = null;
  for (const line of linesOf(ics)) {
    if (line === 'BEGIN:VEVENT') current = [];
    else if (line === 'END:VEVENT' && current) {
      found.push(current);
      current = null;
    } else current?.push(line);
  }
  return found;
}

const dueItem: CalendarItem = {
  uid: 'carma-2026-27@hearth.district.org',
  day: '2026-10-15',
  summary: 'Due: CARMA',
  description: 'CARMA is due on October 15, 2026.',
  url: 'https://hearth.district.org/learn/carma',
};

describe('calendarIcs', () => {
  it('writes a calendar with its name, every line ended by CRLF and none longer than 75 octets', () => {
    const ics = calendarIcs({ name: 'Lincoln USD training', stamp: STAMP }, [dueItem]);
    expect(ics.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(ics.endsWith('\r\nEND:VCALENDAR\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = linesOf(ics);
    expect(lines).toContain('X-WR-CALNAME:Lincoln USD training');
    expect(lines).toContain('PRODID:-//Hearth//Calendar feed//EN');
    expect(lines).toContain('METHOD:PUBLISH');
    // No content line is longer than 75 octets (folded).
    for (const line of ics.split('\r\n').slice(0, -1))
      expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
  });

  it('makes a day an all-day event on that date, ending the next day, shown as free time', () => {
    const [event] = events(calendarIcs({ name: 'Training', stamp: STAMP }, [dueItem]));
    expect(event).toEqual(
      expect.arrayContaining([
        'UID:carma-2026-27@hearth.district.org',
        'DTSTAMP:20261203T091500Z',
        'DTSTART;VALUE=DATE:20261015',
        'DTEND;VALUE=DATE:20261016',
        'SUMMARY:Due: CARMA',
        'DESCRIPTION:CARMA is due on October 15\\, 2026.',
        'URL;VALUE=URI:https://hearth.district.org/learn/carma',
        'TRANSP:TRANSPARENT',
      ]),
    );
  });

  it('ends an all-day event on the last day of a month in the next month', () => {
    const [event] = events(
      calendarIcs({ name: 'Training', stamp: STAMP }, [{ ...dueItem, day: '2027-01-31' }]),
    );
    expect(event).toContain('DTSTART;VALUE=DATE:20270131');
    expect(event).toContain('DTEND;VALUE=DATE:20270201');
  });

  it('writes a timed item (a session) in exact UTC moments', () => {
    const [event] = events(
      calendarIcs({ name: 'Training', stamp: STAMP }, [
        {
          uid: 'session-7@hearth.district.org',
          start: new Date('2026-12-10T22:00:00Z'),
          end: new Date('2026-12-10T23:30:00Z'),
          summary: 'Session: Calm classrooms',
          description: 'Room 12',
          url: 'https://hearth.district.org/sessions/7',
        },
      ]),
    );
    expect(event).toContain('DTSTART:20261210T220000Z');
    expect(event).toContain('DTEND:20261210T233000Z');
    expect(event.some((line) => line.startsWith('TRANSP:'))).toBe(false);
  });

  it('escapes commas, semicolons and line breaks in the name, summary and description', () => {
    const ics = calendarIcs({ name: 'Smith, Jones; Co\nEvil:INJECTED', stamp: STAMP }, [
      { ...dueItem, summary: 'Due: A, B; C', description: 'Line one\nLine two' },
    ]);
    const lines = linesOf(ics);
    expect(lines).toContain('X-WR-CALNAME:Smith\\, Jones\\; Co\\nEvil:INJECTED');
    expect(lines).not.toContain('Evil:INJECTED');
    const [event] = events(ics);
    expect(event).toContain('SUMMARY:Due: A\\, B\\; C');
    expect(event).toContain('DESCRIPTION:Line one\\nLine two');
  });

  it('writes an empty calendar when there is nothing to show', () => {
    const ics = calendarIcs({ name: 'Training', stamp: STAMP }, []);
    expect(events(ics)).toEqual([]);
    expect(linesOf(ics)).toContain('X-WR-CALNAME:Training');
  });
});

describe('dueDateItems', () => {
  it('makes one item per assignment, with a stable UID from the course, edition and host', () => {
    const items = dueDateItems(
      [
        { courseId: 'carma', edition: '2026-27', title: 'CARMA', dueDate: '2027-01-31' },
        { courseId: 'healing-centered', edition: '2026-27', title: 'Healing', dueDate: '2026-10-31' },
      ],
      'https://hearth.district.org:8443',
    );
    expect(items).toEqual([
      {
        uid: 'carma-2026-27@hearth.district.org',
        day: '2027-01-31',
        summary: 'Due: CARMA',
        description:
          'CARMA (2026-27) is due on January 31, 2027.\n\nOpen the course: https://hearth.district.org:8443/learn/carma',
        url: 'https://hearth.district.org:8443/learn/carma',
      },
      expect.objectContaining({ uid: 'healing-centered-2026-27@hearth.district.org', day: '2026-10-31' }),
    ]);
  });

  it('counts overdue, started and new work as pending, and completed or exempt work not', () => {
    expect(
      (['not_started', 'in_progress', 'overdue', 'completed', 'exempt'] as const).map((status) =>
        isPending({ status }),
      ),
    ).toEqual([true, true, true, false, false]);
  });
});
