import { schoolYearOf } from './school-year.js';

export type TranscriptKind = 'course' | 'session' | 'program';

/** One thing a person completed or attended, on a local day, with its PD hours. */
export interface TranscriptEntry {
  kind: TranscriptKind;
  title: string;
  /** YYYY-MM-DD, in the district's time zone. */
  day: string;
  pdHours: number;
  /** The certificate's serial, for a course or program. */
  serial: string | null;
}

export interface TranscriptYear {
  schoolYear: string;
  entries: TranscriptEntry[];
  /** Hours per kind, and in all. */
  hours: Record<TranscriptKind, number> & { total: number };
}

export interface Transcript {
  /** Null for a community learner (not an employee). */
  employeeId: string | null;
  name: string;
  /** Newest school year first; within one, in date order. */
  years: TranscriptYear[];
  totalHours: number;
}

/** Hours are added in hundredths, as certificates store them, so 0.1 + 0.2 is 0.3. */
const hundredths = (hours: number) => Math.round(hours * 100);

/** Groups a person's entries by school year, with totals. */
export function buildTranscript(
  person: { employeeId: string | null; name: string },
  entries: TranscriptEntry[],
  startMonth: number,
): Transcript {
  const byYear = new Map<string, TranscriptEntry[]>();
  for (const entry of entries) {
    const year = schoolYearOf(entry.day, startMonth);
    byYear.set(year, [...(byYear.get(year) ?? []), entry]);
  }
  const years = [...byYear.entries()]
    .sort(([a], [b]) => (a < b ? 1 : -1))
    .map(([schoolYear, list]) => {
      const sorted = [...list].sort((a, b) =>
        a.day === b.day ? a.title.localeCompare(b.title) : a.day < b.day ? -1 : 1,
      );
      const sum = (kind?: TranscriptKind) =>
        sorted
          .filter((e) => !kind || e.kind === kind)
          .reduce((total, e) => total + hundredths(e.pdHours), 0) / 100;
      return {
        schoolYear,
        entries: sorted,
        hours: { course: sum('course'), session: sum('session'), program: sum('program'), total: sum() },
      };
    });
  const totalHours = years.reduce((total, year) => total + hundredths(year.hours.total), 0) / 100;
  return { ...person, years, totalHours };
}
