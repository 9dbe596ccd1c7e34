import { Injectable } from '@nestjs/common';
import { startOfLocalDay } from '../common/clock.js';
import { Database } from '../database/database.js';
import { empty, join, raw, sql, type Sql } from '../database/sql.js';
import { addDays, type AssignmentStatus } from '../learning/assignment-rules.js';
import type { Site } from '../staff/site.entity.js';
import { CSV_COLUMNS } from './compliance-csv.js';
import type { GroupBy } from './dto/compliance-query.dto.js';

/** Which assignments a report covers: editions, optional site and role, and the day it is as of. */
export interface ReportScope {
  editions: { courseId: string; edition: string }[];
  site?: string;
  role?: string;
  /** Only assignments in this status that day (the overdue list and its export). */
  status?: AssignmentStatus;
  /** YYYY-MM-DD */
  asOf: string;
}

export interface StatusCounts {
  assigned: number;
  completed: number;
  inProgress: number;
  notStarted: number;
  overdue: number;
  exempt: number;
}

export interface GroupCounts extends StatusCounts {
  key: string;
  name: string;
}

/** One staff member × course, as the CSV export writes it. */
export interface ComplianceRow {
  employeeId: string;
  firstName: string;
  lastName: string;
  email: string;
  siteCode: string;
  jobRole: string;
  courseId: string;
  edition: string;
  dueDate: string;
  status: AssignmentStatus;
  completedAt: Date | null;
  certificateSerial: string | null;
}

export interface OverdueRow {
  employeeId: string;
  firstName: string;
  lastName: string;
  siteCode: string;
  siteName: string;
  jobRole: string;
  courseId: string;
  edition: string;
  dueDate: string;
  startedAt: Date | null;
  modulesDone: number;
}

export interface QuizItemCounts {
  attempts: number;
  /** Per question: attempts that answered it right. */
  correct: Map<string, number>;
  /** Per question and option: how often it was chosen. */
  chosen: Map<string, Map<string, number>>;
}

const STATUS_COLUMNS: Record<keyof StatusCounts, string | null> = {
  assigned: null,
  completed: 'completed',
  inProgress: 'in_progress',
  notStarted: 'not_started',
  overdue: 'overdue',
  exempt: 'exempt',
};

/** The counts per status, one column each (`assigned` is the group's COUNT). */
const STATUS_SUMS = raw(
  Object.entries(STATUS_COLUMNS)
    .filter(([, status]) => status)
    .map(([column, status]) => `SUM(CASE WHEN t.status = '${status}' THEN 1 ELSE 0 END) AS "${column}"`)
    .join(', '),
);

/** Assignments with their staff and site. */
const ASSIGNMENTS = raw(
  'assignments a INNER JOIN staff s ON s.id = a.staff_id INNER JOIN sites site ON site.id = s.site_id',
);

/**
 * The day ends at midnight in the server's time zone (the one `todayIso` reads today in); a moment
 * before it happened by that day.
 */
const endOfDay = (asOf: string): Date => startOfLocalDay(addDays(asOf, 1));

/**
 * The status of an assignment as of the scope's day, the same rules as `statusOf`: completed, then
 * exempt, then overdue (due before that day), then in progress (started), else not started.
 */
export function statusAsOf(asOf: string): Sql {
  const end = endOfDay(asOf);
  return sql`CASE
    WHEN a.completed_at IS NOT NULL AND a.completed_at < ${end} THEN 'completed'
    WHEN a.exempt_source IS NOT NULL AND (a.exempt_on IS NULL OR a.exempt_on <= ${asOf}) THEN 'exempt'
    WHEN a.due_date < ${asOf} THEN 'overdue'
    WHEN a.started_at IS NOT NULL AND a.started_at < ${end} THEN 'in_progress'
    ELSE 'not_started' END`;
}

/**
 * `statusAsOf(asOf) = status`, written so an index can find it (`IDX_assignments_completed_due`): the
 * same rules, as conditions on the columns rather than a CASE the database must work out for every row.
 */
export function statusIs(status: AssignmentStatus, asOf: string): Sql {
  const end = endOfDay(asOf);
  const notDone = sql`(a.completed_at IS NULL OR a.completed_at >= ${end})`;
  const exempt = sql`a.exempt_source IS NOT NULL AND (a.exempt_on IS NULL OR a.exempt_on <= ${asOf})`;
  const open = sql`${notDone} AND NOT (${exempt})`;
  switch (status) {
    case 'completed':
      return sql`a.completed_at < ${end}`;
    case 'exempt':
      return sql`${notDone} AND ${exempt}`;
    case 'overdue':
      return sql`${open} AND a.due_date < ${asOf}`;
    case 'in_progress':
      return sql`${open} AND a.due_date >= ${asOf} AND a.started_at < ${end}`;
    case 'not_started':
      return sql`${open} AND a.due_date >= ${asOf} AND (a.started_at IS NULL OR a.started_at >= ${end})`;
  }
}

/**
 * Assignments in scope (the WHERE clause over `ASSIGNMENTS`): of the editions asked for, held by someone
 * hired by that day and not withdrawn from the course by then. Site and role are the person's current
 * ones (the roster keeps no history).
 */
function inScope(scope: ReportScope): Sql {
  if (scope.editions.length === 0) throw new Error('A report needs at least one edition');
  const editions = join(
    scope.editions.map((e) => sql`(a.course_id = ${e.courseId} AND a.edition = ${e.edition})`),
    ' OR ',
  );
  return sql`(${editions}) AND s.hire_date <= ${scope.asOf}
    AND (a.withdrawn_on IS NULL OR a.withdrawn_on > ${scope.asOf})
    ${scope.site ? sql`AND site.code = ${scope.site}` : empty}
    ${scope.role ? sql`AND s.job_role = ${scope.role}` : empty}
    ${scope.status ? sql`AND ${statusIs(scope.status, scope.asOf)}` : empty}`;
}

/** The compliance rows' tables, scope and order (`complianceRows`, `complianceCsv`). */
function complianceFrom(scope: ReportScope): Sql {
  return sql`FROM ${ASSIGNMENTS}
   INNER JOIN accounts acc ON acc.id = s.account_id
    LEFT JOIN certificates c
           ON c.assignment_id = a.id AND (c.revoked_at IS NULL OR c.revoked_at >= ${endOfDay(scope.asOf)})
   WHERE ${inScope(scope)}
   ORDER BY site.code ASC, s.last_name ASC, s.first_name ASC, a.id ASC`;
}

/** One row of `complianceRows`' query as the reminders take it. */
function complianceRow(row: unknown[]): ComplianceRow {
  const [employeeId, firstName, lastName, email, siteCode, jobRole, courseId, edition, dueDate] =
    row as string[];
  const [status, completedAt, certificateSerial] = row.slice(9) as [
    AssignmentStatus,
    Date | null,
    string | null,
  ];
  return {
    employeeId,
    firstName,
    lastName,
    email,
    siteCode,
    jobRole,
    courseId,
    edition,
    dueDate,
    status,
    completedAt: status === 'completed' ? completedAt : null,
    certificateSerial: status === 'completed' ? certificateSerial : null,
  };
}

/**
 * The compliance and quiz-statistics queries. Every report is one aggregate over `assignments` (indexed
 * by course, edition and due date) joined to staff and sites; no per-person loops.
 */
@Injectable()
export class ReportsRepository {
  constructor(private readonly database: Database) {}

  /** Every job_role the roster holds (active or not: a report as of a past day may count anyone). */
  async jobRolesHeld(): Promise<string[]> {
    const rows = await this.database.rows<{ jobRole: string }>(
      sql`SELECT DISTINCT job_role FROM staff ORDER BY job_role`,
    );
    return rows.map((row) => row.jobRole);
  }

  /** The compliance aggregate as one statement (exposed so the benchmark can time it on its own). */
  countByStatusQuery(scope: ReportScope, groupBy: GroupBy): Sql {
    const [key, name] = groupBy === 'site' ? ['site.code', 'site.name'] : ['s.job_role', 's.job_role'];
    return sql`SELECT t.group_key AS "key", t.group_name AS "name", COUNT(*) AS "assigned", ${STATUS_SUMS}
       FROM (SELECT ${raw(key)} AS group_key, ${raw(name)} AS group_name, ${statusAsOf(scope.asOf)} AS status
               FROM ${ASSIGNMENTS} WHERE ${inScope(scope)}) t
       GROUP BY t.group_key, t.group_name ORDER BY t.group_key`;
  }

  /** Per group, by its key: how many are assigned, and how many in each status. */
  countByStatusPerGroup(scope: ReportScope, groupBy: GroupBy): Promise<GroupCounts[]> {
    return this.database.rows<GroupCounts>(this.countByStatusQuery(scope, groupBy));
  }

  /**
   * Every row of the report, by site, last name, first name, `size` at a time; a certificate revoked by
   * that day is left out. Memory holds one page, never the file: one statement sorts and reads the
   * scope, a single snapshot.
   */
  async *complianceRows(scope: ReportScope, size = 5000): AsyncGenerator<ComplianceRow[]> {
    // Rows as arrays, not objects: every row of the report passes through here.
    const pages = this.database.pages(
      sql`SELECT s.employee_id, s.first_name, s.last_name, acc.email, site.code, s.job_role, a.course_id,
                 a.edition, a.due_date, ${statusAsOf(scope.asOf)} AS status, a.completed_at, c.serial
            ${complianceFrom(scope)}`,
      size,
    );
    for await (const page of pages) yield page.map(complianceRow);
  }

  /**
   * The rows of `complianceRows` as the CSV's records (`CSV_COLUMNS`), written by the database where it
   * can (`Database.csv`): the completion and its certificate only for a row completed by that day.
   */
  complianceCsv(scope: ReportScope): AsyncGenerator<string | Buffer> {
    const completed = sql`a.completed_at < ${endOfDay(scope.asOf)}`;
    return this.database.csv(
      sql`SELECT s.employee_id, s.first_name, s.last_name, acc.email, site.code AS site_code, s.job_role,
                 a.course_id, a.edition, a.due_date, ${statusAsOf(scope.asOf)} AS status,
                 CASE WHEN ${completed} THEN a.completed_at END AS completed_at,
                 CASE WHEN ${completed} THEN c.serial END AS certificate_serial
            ${complianceFrom(scope)}`,
      CSV_COLUMNS.map((name) => ({ name, moment: name === 'completed_at' })),
    );
  }

  /** Who was overdue in scope, with how far they got; by site, due date and name. */
  async findOverdue(
    scope: ReportScope,
    limit: number,
    offset: number,
  ): Promise<{ rows: OverdueRow[]; total: number }> {
    const end = endOfDay(scope.asOf);
    const { rows, total } = await this.database.page<
      Omit<OverdueRow, 'modulesDone'> & { assignmentId: number }
    >(
      sql`SELECT a.id AS assignment_id, s.employee_id, s.first_name, s.last_name, site.code AS site_code,
                 site.name AS site_name, s.job_role, a.course_id, a.edition, a.due_date, a.started_at
            FROM ${ASSIGNMENTS}
           WHERE ${inScope({ ...scope, status: 'overdue' })}`,
      sql`site_code ASC, due_date ASC, last_name ASC, first_name ASC, assignment_id ASC`,
      limit,
      offset,
    );
    // How far each person on the page got, by that day.
    const done = new Map<number, number>();
    if (rows.length) {
      const counted = await this.database.rows<{ assignmentId: number; n: number }>(
        sql`SELECT assignment_id, COUNT(*) AS n FROM module_progress
             WHERE assignment_id IN (${join(rows.map((row) => row.assignmentId))}) AND completed_at < ${end}
             GROUP BY assignment_id`,
      );
      for (const row of counted) done.set(row.assignmentId, row.n);
    }
    return {
      // As of that day: a start after it is not shown, like the modules read after it.
      rows: rows.map(({ assignmentId, ...row }) => ({
        ...row,
        startedAt: row.startedAt && row.startedAt.getTime() < end.getTime() ? row.startedAt : null,
        modulesDone: done.get(assignmentId) ?? 0,
      })),
      total,
    };
  }

  /** Every site, for the report filters. */
  sites(): Promise<Site[]> {
    return this.database.rows<Site>(sql`SELECT id, code, name FROM sites ORDER BY code ASC`);
  }

  /**
   * Attempts at one edition's quiz that counted, right answers per question, and how often each option
   * was chosen.
   */
  async quizItemCounts(courseId: string, edition: string): Promise<QuizItemCounts> {
    const attempts = sql`quiz_attempts qa INNER JOIN assignments a ON a.id = qa.assignment_id`;
    // Attempts that counted: until the course completed (later ones, before practice stopped being
    // stored, would describe people who already knew the answers).
    const counted = sql`a.course_id = ${courseId} AND a.edition = ${edition}
      AND (a.completed_at IS NULL OR qa.submitted_at <= a.completed_at)`;
    const [total, correct, chosen] = await Promise.all([
      this.database.row<{ n: number }>(sql`SELECT COUNT(*) AS n FROM ${attempts} WHERE ${counted}`),
      this.database.rows<{ question: string; n: number }>(
        sql`SELECT qc.question_id AS question, COUNT(DISTINCT qc.attempt_id) AS n
              FROM ${attempts} INNER JOIN quiz_choices qc ON qc.attempt_id = qa.id
             WHERE ${counted} AND qc.question_correct = TRUE
             GROUP BY qc.question_id`,
      ),
      this.database.rows<{ question: string; option: string; n: number }>(
        sql`SELECT qc.question_id AS question, qc.option_id AS option, COUNT(*) AS n
              FROM ${attempts} INNER JOIN quiz_choices qc ON qc.attempt_id = qa.id
             WHERE ${counted}
             GROUP BY qc.question_id, qc.option_id`,
      ),
    ]);
    const byQuestion = new Map<string, Map<string, number>>();
    for (const row of chosen) {
      const options = byQuestion.get(row.question) ?? new Map<string, number>();
      options.set(row.option, row.n);
      byQuestion.set(row.question, options);
    }
    return {
      attempts: total?.n ?? 0,
      correct: new Map(correct.map((row) => [row.question, row.n])),
      chosen: byQuestion,
    };
  }
}
