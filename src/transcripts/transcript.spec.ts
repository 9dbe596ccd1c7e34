import { describe, expect, it } from '@jest/globals';
import { buildTranscript, type TranscriptEntry } from './transcript.js';

const entry = (
  day: string,
  kind: TranscriptEntry['kind'],
  pdHours: number,
  title = `${kind} on ${day}`,
): TranscriptEntry => ({
  kind,
  title,
  day,
  pdHours,
  serial: kind === 'session' ? null : 'HRTH-0000-0000',
});

describe('a PD transcript', () => {
  const person = { employeeId: 'E1', name: 'Ana Díaz' };

  it('groups by school year, newest first, in date order, with hours per kind and in all', () => {
    const transcript = buildTranscript(
      person,
      [
        entry('2026-09-10', 'course', 1.5),
        entry('2025-10-01', 'course', 1.5),
        entry('2026-08-20', 'session', 2),
        entry('2027-06-30', 'session', 0.25),
      ],
      7,
    );
    expect(transcript.years.map((y) => [y.schoolYear, y.entries.map((e) => e.day), y.hours])).toEqual([
      [
        '2026-27',
        ['2026-08-20', '2026-09-10', '2027-06-30'],
        { course: 1.5, session: 2.25, program: 0, total: 3.75 },
      ],
      ['2025-26', ['2025-10-01'], { course: 1.5, session: 0, program: 0, total: 1.5 }],
    ]);
    expect(transcript.totalHours).toBe(5.25);
  });

  it('adds tenths without floating-point drift', () => {
    const transcript = buildTranscript(
      person,
      [entry('2026-09-01', 'session', 0.1), entry('2026-09-02', 'session', 0.2)],
      7,
    );
    expect(transcript.years[0].hours.total).toBe(0.3);
    expect(transcript.totalHours).toBe(0.3);
  });

  it('is empty, with no hours, for someone who has done nothing yet', () => {
    expect(buildTranscript(person, [], 7)).toEqual({ ...person, years: [], totalHours: 0 });
  });
});
