/**
 * School years for PD hours: from the first day of a configured month (HEARTH_SCHOOL_YEAR_START, July
 * by default) to the day before it a year later, named by the years they span: 2026-27. A district
 * whose year starts in January names its years by one number: 2026.
 */

const pad = (n: number) => String(n).padStart(2, '0');

/** The school year a YYYY-MM-DD day falls in. */
export function schoolYearOf(day: string, startMonth: number): string {
  const [year, month] = day.split('-').map(Number);
  return nameOf(month >= startMonth ? year : year - 1, startMonth);
}

function nameOf(startYear: number, startMonth: number): string {
  return startMonth === 1 ? String(startYear) : `${startYear}-${pad((startYear + 1) % 100)}`;
}

/** A school year's first and last day (YYYY-MM-DD), or undefined when the name is not one of its years. */
export function schoolYearDays(name: string, startMonth: number): { from: string; to: string } | undefined {
  const match = /^(\d{4})(?:-(\d{2}))?$/.exec(name);
  if (!match) return undefined;
  const startYear = Number(match[1]);
  if (nameOf(startYear, startMonth) !== name) return undefined;
  const from = `${startYear}-${pad(startMonth)}-01`;
  const end = new Date(Date.UTC(startYear + 1, startMonth - 1, 0));
  return { from, to: end.toISOString().slice(0, 10) };
}

/** How a school year is written, for an error message. */
export function schoolYearHint(startMonth: number): string {
  return startMonth === 1 ? 'a year, like 2026' : 'a school year written like 2026-27';
}
