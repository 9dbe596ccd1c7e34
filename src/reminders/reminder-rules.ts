/**
 * When Hearth reminds whom of what: pure functions of due dates and the day, so every rule can be
 * tested with the clock frozen. The queries (reminders.repository.ts) ask for exactly the due dates
 * `triggerDueDates` lists, so the SQL and these rules cannot disagree.
 */
import { daysBetween, longDate } from '../common/clock.js';
import { addDays } from '../learning/assignment-rules.js';
import type { Outgoing } from '../mail/mail-outbox.js';

/** Days before a due date on which a learner is reminded. */
export const DAYS_BEFORE = [14, 7, 1] as const;
/** After the due date: the day after, then every this many days. */
export const OVERDUE_EVERY = 7;
/** Site leaders' digest: on this weekday (0 Sunday … 6 Saturday); Monday. */
export const SITE_DIGEST_WEEKDAY = 1;

/**
 * Whether a pending course due on `dueDate` calls for a digest on `today`: 14, 7 or 1 days before, or
 * overdue on the day after the due date and then once a week.
 */
export function isReminderDay(dueDate: string, today: string): boolean {
  const ahead = daysBetween(today, dueDate);
  if (ahead > 0) return (DAYS_BEFORE as readonly number[]).includes(ahead);
  return ahead < 0 && (-ahead - 1) % OVERDUE_EVERY === 0;
}

/**
 * Every due date that calls for a digest on `today` (see `isReminderDay`), back to `earliest` (the
 * earliest due date of anything pending), for the query to ask for by value.
 */
export function triggerDueDates(today: string, earliest: string): string[] {
  const dates: string[] = DAYS_BEFORE.map((days) => addDays(today, days));
  for (let date = addDays(today, -1); date >= earliest; date = addDays(date, -OVERDUE_EVERY))
    dates.push(date);
  return dates;
}

/** Whether `today` is the site leaders' digest day. */
export function isSiteDigestDay(today: string): boolean {
  return new Date(`${today}T00:00:00Z`).getUTCDay() === SITE_DIGEST_WEEKDAY;
}

/** A due date in words, as of `today`: "due tomorrow", "due in 7 days, on …", "was due 3 days ago, on …". */
export function dueInWords(dueDate: string, today: string): string {
  const ahead = daysBetween(today, dueDate);
  const day = longDate(dueDate);
  if (ahead === 0) return `due today, ${day}`;
  if (ahead === 1) return `due tomorrow, ${day}`;
  if (ahead > 1) return `due in ${ahead} days, on ${day}`;
  if (ahead === -1) return `was due yesterday, ${day}`;
  return `was due ${-ahead} days ago, on ${day}`;
}

/** One course of a learner's digest. */
export interface DigestItem {
  title: string;
  /** YYYY-MM-DD */
  dueDate: string;
  dueText: string;
  overdue: boolean;
  /** Absolute link under PUBLIC_URL. */
  href: string;
}

/** A follow-up that comes due on the digest's day (of a course the person completed). */
export interface ReadyFollowUp {
  staffId: number;
  email: string;
  firstName: string;
  title: string;
  courseTitle: string;
  /** Absolute link under PUBLIC_URL. */
  href: string;
}

/**
 * A learner's digest: every course pending, soonest first, whether any of it is past due, and the
 * follow-ups that come due that day.
 */
export interface LearnerDigest {
  staffId: number;
  email: string;
  firstName: string;
  items: DigestItem[];
  overdue: number;
  followUps: { title: string; courseTitle: string; href: string }[];
}

/** What is pending for one person, as the query answers it. */
export interface PendingCourse {
  staffId: number;
  email: string;
  firstName: string;
  title: string;
  dueDate: string;
  href: string;
}

/**
 * One person's pending courses (one row each) and ready follow-ups as their digest, soonest due first;
 * either may be empty, not both.
 */
export function learnerDigest(
  rows: PendingCourse[],
  today: string,
  followUps: ReadyFollowUp[] = [],
): LearnerDigest {
  const items = [...rows]
    .sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.title.localeCompare(b.title))
    .map((row) => ({
      title: row.title,
      dueDate: row.dueDate,
      dueText: dueInWords(row.dueDate, today),
      overdue: row.dueDate < today,
      href: row.href,
    }));
  const person = rows[0] ?? followUps[0];
  return {
    staffId: person.staffId,
    email: person.email,
    firstName: person.firstName,
    items,
    overdue: items.filter((item) => item.overdue).length,
    followUps: followUps.map(({ title, courseTitle, href }) => ({ title, courseTitle, href })),
  };
}

/** How soon, for a subject line: "is due in 7 days", "is due tomorrow", "is 8 days past due". */
function howSoon(dueDate: string, today: string): string {
  const ahead = daysBetween(today, dueDate);
  if (ahead === 0) return 'is due today';
  if (ahead === 1) return 'is due tomorrow';
  if (ahead > 1) return `is due in ${ahead} days`;
  return `is ${-ahead} day${ahead === -1 ? '' : 's'} past due`;
}

/** The digest's subject line (the district's name is put before it). */
export function digestSubject(digest: LearnerDigest, today: string): string {
  const [first] = digest.items;
  if (!first) {
    const [followUp] = digest.followUps;
    if (digest.followUps.length === 1) return `A follow-up to ${followUp.courseTitle} is ready`;
    return `${digest.followUps.length} follow-ups to your training are ready`;
  }
  if (digest.items.length === 1) return `${first.title} ${howSoon(first.dueDate, today)}`;
  if (digest.overdue > 0) return `${digest.items.length} training courses, ${digest.overdue} past due`;
  return `${digest.items.length} training courses are due soon`;
}

/** A learner's digest as its message: the one way a reminder is written, by the day's run or by hand. */
export function digestMail(digest: LearnerDigest, today: string): Omit<Outgoing, 'replaces'> {
  return {
    kind: 'reminder',
    to: digest.email,
    data: {
      firstName: digest.firstName,
      headline: digestSubject(digest, today),
      items: digest.items,
      overdue: digest.overdue > 0,
      followUps: digest.followUps,
    },
  };
}
