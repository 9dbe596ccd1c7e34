/** What the clock needs of the configuration: HEARTH_TODAY, a fixed day for tests and demos. */
export interface FixedDay {
  readonly today?: string;
}

/** Whether `text` is a real calendar day written YYYY-MM-DD (2026-02-30 is not). */
export function isRealDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/** The months' names, January first. */
export const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The calendar day of a moment in the server's time zone (set TZ to the district's), YYYY-MM-DD: the
 * same zone `todayIso` reads today in, so a course finished this evening is finished today.
 */
export function localDay(moment: Date): string {
  return `${moment.getFullYear()}-${pad(moment.getMonth() + 1)}-${pad(moment.getDate())}`;
}

/**
 * A moment as ISO 8601 in the server's time zone, with its offset: 2026-10-31T17:30:00-07:00. The
 * instant is exact, and its first ten characters are the local day (`localDay`), so beside a due date
 * in a spreadsheet it reads right (the UTC form would say November 1 for a course finished on the
 * evening of October 31 in California).
 */
export function localTimestamp(moment: Date): string {
  const offset = -moment.getTimezoneOffset();
  const sign = offset < 0 ? '-' : '+';
  const zone = `${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  const time = `${pad(moment.getHours())}:${pad(moment.getMinutes())}:${pad(moment.getSeconds())}`;
  return `${localDay(moment)}T${time}${zone}`;
}

/** The moment a YYYY-MM-DD day begins in the server's time zone. */
export function startOfLocalDay(day: string): Date {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(year, month - 1, date);
}

/**
 * A day in words, 2026-11-23 → November 23, 2026: a YYYY-MM-DD day as written, or a moment (a Date or
 * an ISO timestamp) on its day in the server's time zone (see `localDay`). No locale data.
 */
export function longDate(dayOrMoment: string | Date): string {
  const day =
    dayOrMoment instanceof Date
      ? localDay(dayOrMoment)
      : dayOrMoment.length > 10
        ? localDay(new Date(dayOrMoment))
        : dayOrMoment;
  const [year, month, date] = day.split('-').map(Number);
  return `${MONTHS[month - 1]} ${date}, ${year}`;
}

/** A moment's local time of day, on a 24-hour clock: 07:30, 14:05 (the server's time zone). */
export function clockTime(moment: Date): string {
  return localTimestamp(moment).slice(11, 16);
}

/**
 * A moment in words with its local time, December 3, 2026, 14:05: how pages, PDFs and mail write a
 * time for people (a day alone is `longDate`); a Date or an ISO timestamp. Files for machines (CSV, JSON,
 * iCalendar, `<time datetime>`) keep ISO 8601.
 */
export function longMoment(moment: Date | string): string {
  const at = moment instanceof Date ? moment : new Date(moment);
  return `${longDate(at)}, ${clockTime(at)}`;
}

/** Today as YYYY-MM-DD: HEARTH_TODAY when set (tests, demos), else the server's local date. */
export function todayIso(config: FixedDay, now = new Date()): string {
  if (config.today) return config.today;
  return localDay(now);
}

let shift: { today: string; ms: number } | undefined;

/**
 * The moment to stamp on what a learner does (a module read, a quiz sent, a course completed, a
 * certificate revoked), in the same world as `todayIso`: the clock, or with HEARTH_TODAY set, the clock
 * moved onto that day. Otherwise a course finished under a fixed "today" would be stamped on the real
 * day, and a report as of "today" would not count it. The move is fixed when first needed, so moments
 * keep their order; from the real midnight on they stay at the day's last millisecond, never on the day
 * after the one Hearth calls today. Sign-in, invitation and audit times always read the real clock.
 */
export function momentNow(config: FixedDay, real = new Date()): Date {
  if (!config.today) return real;
  const start = startOfLocalDay(config.today).getTime();
  if (shift?.today !== config.today)
    shift = { today: config.today, ms: start - startOfLocalDay(localDay(real)).getTime() };
  const next = new Date(start);
  next.setDate(next.getDate() + 1);
  const last = next.getTime() - 1;
  return new Date(Math.min(Math.max(real.getTime() + shift.ms, start), last));
}

/**
 * Whole calendar days from one YYYY-MM-DD day to another: 1 from a day to the next, negative when `to`
 * comes first. Both are days in the district's zone (`todayIso`, a due date), so no clock change or
 * time of day can make it a day more or less.
 */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

const dayCount = (n: number) => `${n} day${n === 1 ? '' : 's'}`;

/**
 * How far off a due date is on the pages, from `today` (`todayIso`: the district's day, HEARTH_TODAY in
 * tests): "due in 12 days", "due tomorrow", "due today", "overdue by 1 day", "overdue by 5 days".
 * Overdue is from the day after the due date, as the statuses count it. (The reminder mails add the
 * day itself: `dueInWords` in reminders.)
 */
export function dueDistance(dueDate: string, today: string): string {
  const days = daysBetween(today, dueDate);
  if (days > 1) return `due in ${dayCount(days)}`;
  if (days === 1) return 'due tomorrow';
  if (days === 0) return 'due today';
  return `overdue by ${dayCount(-days)}`;
}
