/**
 * Who is assigned which course edition, and when it is due: pure functions of the roster, the editions and
 * today's date, so every rule can be tested as a scenario with the clock frozen.
 */

import { inAudience } from '../courses/audience.js';

export type AssignmentStatus = 'not_started' | 'in_progress' | 'completed' | 'overdue' | 'exempt';
export type ExemptSource = 'leave' | 'hr';

/** Each status in words, the same on every page that shows one. */
export const STATUS_WORDS: Record<AssignmentStatus, string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  completed: 'Completed',
  overdue: 'Past due',
  exempt: 'Not required (exempt)',
};

export interface EditionRules {
  courseId: string;
  edition: string;
  audienceRoles: 'all' | string[];
  opensOn: string;
  dueDate: string;
  newHireDueDays: number;
}

export interface StaffFacts {
  staffId: number;
  jobRole: string;
  status: 'active' | 'leave' | 'inactive';
  hireDate: string;
  /** The day the person's role or status last changed (null: unchanged since they were first loaded). */
  changedOn: string | null;
}

export interface AssignmentFacts {
  id: number;
  staffId: number;
  courseId: string;
  edition: string;
  dueDate: string;
  exemptSource: ExemptSource | null;
  /** The day the exemption began (null: not exempt, or exempt since before this was recorded). */
  exemptOn: string | null;
  withdrawnOn: string | null;
  startedAt: Date | null;
  completedAt: Date | null;
}

export function addDays(date: string, days: number): string {
  const time = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
  return new Date(time).toISOString().slice(0, 10);
}

/** A computed due date that lands on a Saturday or Sunday moves to the Monday after. */
export function weekdayOnOrAfter(date: string): string {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 6 ? addDays(date, 2) : day === 0 ? addDays(date, 1) : date;
}

const later = (a: string, b: string) => (a > b ? a : b);

/**
 * When an edition is due for one person:
 * - hired after the edition opened: `newHireDueDays` after the hire date;
 * - became eligible after it opened (back from leave, re-activated, moved into the audience): the later of
 *   the edition's due date and `newHireDueDays` after that change, so nobody is due before their colleagues;
 * - everyone else: the edition's due date, as the trainer wrote it.
 * Computed dates never fall on a weekend. Deliberate dates are honoured as written.
 */
export function dueDateFor(edition: EditionRules, staff: Pick<StaffFacts, 'hireDate' | 'changedOn'>): string {
  if (staff.hireDate > edition.opensOn && (!staff.changedOn || staff.changedOn <= staff.hireDate)) {
    return weekdayOnOrAfter(addDays(staff.hireDate, edition.newHireDueDays));
  }
  if (staff.changedOn && staff.changedOn > edition.opensOn) {
    const start = later(staff.changedOn, staff.hireDate);
    return later(edition.dueDate, weekdayOnOrAfter(addDays(start, edition.newHireDueDays)));
  }
  return edition.dueDate;
}

/** The status of one assignment on a given day (the SQL in the reports mirrors this). */
export function statusOf(
  assignment: Pick<AssignmentFacts, 'exemptSource' | 'completedAt' | 'dueDate' | 'startedAt'>,
  today: string,
): AssignmentStatus {
  if (assignment.completedAt) return 'completed';
  if (assignment.exemptSource) return 'exempt';
  if (assignment.dueDate < today) return 'overdue';
  return assignment.startedAt ? 'in_progress' : 'not_started';
}

/** The edition of each course in force on a day: the latest one already open. */
export function editionsInForce<T extends EditionRules>(editions: T[], today: string): T[] {
  const byCourse = new Map<string, T>();
  for (const edition of editions) {
    if (edition.opensOn > today) continue;
    const current = byCourse.get(edition.courseId);
    if (!current || edition.opensOn > current.opensOn) byCourse.set(edition.courseId, edition);
  }
  return [...byCourse.values()];
}

export interface AssignmentChanges {
  create: Omit<AssignmentFacts, 'id' | 'startedAt' | 'completedAt'>[];
  update: {
    id: number;
    dueDate: string;
    exemptSource: ExemptSource | null;
    exemptOn: string | null;
    withdrawnOn: string | null;
  }[];
}

/** Whether an assignment counted (not withdrawn, not exempt for leave) before this change. */
const counted = (row: AssignmentFacts) => !row.withdrawnOn && row.exemptSource !== 'leave';

/**
 * The due date of an assignment that counted before and still counts: its own, kept between the date
 * the rules give without the person's latest change and the date they give with it. So an overdue
 * teacher who becomes a counselor stays overdue; 30 days given on a return from leave survive a later
 * role change; and a due date the trainer moves still reaches everyone on it.
 */
function keptDueDate(current: string, withoutChange: string, withChange: string): string {
  const [low, high] = withoutChange < withChange ? [withoutChange, withChange] : [withChange, withoutChange];
  return current < low ? low : current > high ? high : current;
}

/**
 * Compares what the roster and the editions in force call for with the assignments that exist, and
 * returns the rows to create and to change. Assignments of editions no longer in force are history and
 * are never touched; a person who leaves the audience keeps their row, marked withdrawn.
 */
export function planAssignments(
  staff: StaffFacts[],
  editions: EditionRules[],
  existing: AssignmentFacts[],
  today: string,
): AssignmentChanges {
  const changes: AssignmentChanges = { create: [], update: [] };
  const rows = new Map(existing.map((row) => [`${row.staffId}|${row.courseId}|${row.edition}`, row]));
  for (const edition of editionsInForce(editions, today)) {
    for (const person of staff) {
      const row = rows.get(`${person.staffId}|${edition.courseId}|${edition.edition}`);
      const eligible = person.status !== 'inactive' && inAudience(edition, person.jobRole);
      if (!eligible) {
        if (row && !row.withdrawnOn)
          changes.update.push({
            id: row.id,
            dueDate: row.dueDate,
            exemptSource: row.exemptSource,
            exemptOn: row.exemptOn,
            withdrawnOn: today,
          });
        continue;
      }
      const dueDate = dueDateFor(edition, person);
      const exemptSource: ExemptSource | null =
        row?.exemptSource === 'hr' ? 'hr' : person.status === 'leave' ? 'leave' : null;
      if (!row) {
        changes.create.push({
          staffId: person.staffId,
          courseId: edition.courseId,
          edition: edition.edition,
          dueDate,
          exemptSource,
          exemptOn: exemptSource ? today : null,
          withdrawnOn: null,
        });
        continue;
      }
      // A completed assignment is the record of what happened: its due date stays as it was. One that
      // counted before and still does was not "became eligible" by today's change (a role change within
      // the audience): it keeps its due date, moved only as far as the course's own dates require.
      const wantedDue = row.completedAt
        ? row.dueDate
        : counted(row)
          ? keptDueDate(row.dueDate, dueDateFor(edition, { ...person, changedOn: null }), dueDate)
          : dueDate;
      if (row.dueDate !== wantedDue || row.exemptSource !== exemptSource || row.withdrawnOn !== null) {
        // An exemption that continues (leave, then HR's own) keeps the day it began.
        const exemptOn = exemptSource ? (row.exemptSource ? row.exemptOn : today) : null;
        changes.update.push({ id: row.id, dueDate: wantedDue, exemptSource, exemptOn, withdrawnOn: null });
      }
    }
  }
  return changes;
}
