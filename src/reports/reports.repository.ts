import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { startOfLocalDay } from '../common/clock.js';
import { persisted, rawArrays, rawQuery, sqliteRowPages } from '../database/raw-sql.js';
import { Certificate } from '../certificates/certificate.entity.js';
import { Account } from '../identity/account.entity.js';
import { addDays, type AssignmentStatus } from '../learning/assignment-rules.js';
import { Assignment } from '../learning/assignment.entity.js';
import { QuizAttempt } from '../learning/quiz-attempt.entity.js';
import { QuizChoice } from '../learning/quiz-choice.entity.js';
import { chunks, dateOnly } from '../staff/staff.repository.js';
import { Site } from '../staff/site.entity.js';
import { StaffMember } from '../staff/staff-member.entity.js';
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

/** Raw values come back as strings (PostgreSQL counts, SQLite text dates) or numbers and Dates. */
type RawValue = string | number | Date | null;
type RawRow = Record<string, RawValue>;
const count = (value: RawValue | undefined) => Number(value ?? 0);
const timestamp = (value: RawValue | undefined): Date | null =>
  value === null || value === undefined
    ? null
    : value instanceof Date
      ? value
      : new Date(`${String(value).replace(' ', 'T')}Z`);

/** One row of `withRowColumns` as the CSV takes it. */
function complianceRow(row: unknown[]): ComplianceRow {
  const [, employeeId, firstName, lastName, email, siteCode, jobRole, courseId, edition] = row as string[];
  const dueDate = row[9] as string | Date;
  const [status, completedAt, certificateSerial] = row.slice(10) as [
    AssignmentStatus,
    RawValue,
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
    dueDate: dateOnly(dueDate),
    status,
    completedAt: status === 'completed' ? timestamp(completedAt) : null,
    certificateSerial: status === 'completed' ? certificateSerial : null,
  };
}

/**
 * The compliance and quiz-statistics queries. Every report is one aggregate over `assignments` (indexed
 * by course, edition and due date) joined to staff and sites; no per-person loops.
 */
@Injectable()
export class ReportsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The status of an assignment as of the scope's day, the same rules as `statusOf`: completed, then
   * exempt, then overdue (due before that day), then in progress (started), else not started.
   */
  private static readonly STATUS = `CASE
    WHEN a.completed_at IS NOT NULL AND a.completed_at < :endOfDay THEN 'completed'
    WHEN a.exempt_source IS NOT NULL AND (a.exempt_on IS NULL OR a.exempt_on <= :asOf) THEN 'exempt'
    WHEN a.due_date < :asOf THEN 'overdue'
    WHEN a.started_at IS NOT NULL AND a.started_at < :endOfDay THEN 'in_progress'
    ELSE 'not_started' END`;

  /**
   * Assignments in scope: of the editions asked for, held by someone hired by that day and not withdrawn
   * from the course by then. Site and role are the person's current ones (the roster keeps no history).
   */
  private scoped(scope: ReportScope): SelectQueryBuilder<Assignment> {
    if (scope.editions.length === 0) throw new Error('A report needs at least one edition');
    const editions = scope.editions
      .map((_, i) => `(a.course_id = :course${i} AND a.edition = :edition${i})`)
      .join(' OR ');
    const params: Record<string, string> = {};
    scope.editions.forEach((e, i) => {
      params[`course${i}`] = e.courseId;
      params[`edition${i}`] = e.edition;
    });
    const query = this.joined(scope)
      .where(`(${editions})`)
      .andWhere('s.hire_date <= :asOf')
      .andWhere('(a.withdrawn_on IS NULL OR a.withdrawn_on > :asOf)')
      .setParameters(params);
    if (scope.site) query.andWhere('site.code = :site', { site: scope.site });
    if (scope.role) query.andWhere('s.job_role = :role', { role: scope.role });
    if (scope.status) query.andWhere(`${ReportsRepository.STATUS} = :status`, { status: scope.status });
    return query;
  }

  /** Assignments with their staff and site, and the day's parameters the status needs. */
  private joined(scope: Pick<ReportScope, 'asOf'>): SelectQueryBuilder<Assignment> {
    return this.dataSource
      .getRepository(Assignment)
      .createQueryBuilder('a')
      .innerJoin(StaffMember, 's', 's.id = a.staff_id')
      .innerJoin(Site, 'site', 'site.id = s.site_id')
      .setParameters({
        asOf: scope.asOf,
        // The day ends at midnight in the server's time zone (the one `todayIso` reads today in), given
        // as the driver stores a timestamp, so it compares with the stored ones on either database.
        endOfDay: persisted(
          this.dataSource,
          Assignment,
          'completedAt',
          startOfLocalDay(addDays(scope.asOf, 1)),
        ),
      });
  }

  /** The compliance aggregate as one statement (exposed so the benchmark can time it as raw SQL). */
  countByStatusQuery(scope: ReportScope, groupBy: GroupBy): [string, unknown[]] {
    const [key, name] = groupBy === 'site' ? ['site.code', 'site.name'] : ['s.job_role', 's.job_role'];
    const inner = this.scoped(scope).select([
      `${key} AS group_key`,
      `${name} AS group_name`,
      `${ReportsRepository.STATUS} AS status`,
    ]);
    const sums = Object.entries(STATUS_COLUMNS)
      .filter(([, status]) => status)
      .map(([column, status]) => `SUM(CASE WHEN t.status = '${status}' THEN 1 ELSE 0 END) AS "${column}"`);
    const [innerSql, params] = inner.getQueryAndParameters();
    return [
      `SELECT t.group_key AS "key", t.group_name AS "name", COUNT(*) AS "assigned", ${sums.join(', ')}
       FROM (${innerSql}) t GROUP BY t.group_key, t.group_name ORDER BY t.group_key`,
      params,
    ];
  }

  async countByStatusPerGroup(scope: ReportScope, groupBy: GroupBy): Promise<GroupCounts[]> {
    const [sql, params] = this.countByStatusQuery(scope, groupBy);
    const rows = await rawQuery<RawRow>(this.dataSource, sql, params);
    return rows.map((row) => ({
      key: String(row.key),
      name: String(row.name),
      assigned: count(row.assigned),
      completed: count(row.completed),
      inProgress: count(row.inProgress),
      notStarted: count(row.notStarted),
      overdue: count(row.overdue),
      exempt: count(row.exempt),
    }));
  }

  /**
   * Every row of the report, by site, last name, first name, `size` at a time; a certificate revoked by
   * that day is left out. Memory holds one page, never the file. On SQLite one statement sorts and reads
   * the scope on a connection of its own, a single snapshot. Elsewhere one statement sorts the scope and
   * returns only the assignment ids (a few bytes a row), and each page is then read by primary key, so
   * no page re-sorts the whole scope.
   */
  async *complianceRows(scope: ReportScope, size = 5000): AsyncGenerator<ComplianceRow[]> {
    const order = (query: SelectQueryBuilder<Assignment>) =>
      query
        .orderBy('site.code', 'ASC')
        .addOrderBy('s.last_name', 'ASC')
        .addOrderBy('s.first_name', 'ASC')
        .addOrderBy('a.id', 'ASC');
    const pages = sqliteRowPages(
      this.dataSource,
      () => order(this.withRowColumns(this.scoped(scope))).getQueryAndParameters(),
      size,
    );
    if (pages) {
      for (const page of pages) yield page.map(complianceRow);
      return;
    }
    // Rows as arrays, not objects: every row of the report passes through here.
    const ordered = await this.runArrays(order(this.scoped(scope).select('a.id', 'id')));
    for (const ids of chunks(
      ordered.map(([id]) => count(id as RawValue)),
      size,
    )) {
      // By primary key only: the ids already carry the scope.
      const raw = await this.runArrays(
        this.withRowColumns(this.joined(scope).where('a.id IN (:...ids)', { ids })),
      );
      const byId = new Map(raw.map((row) => [count(row[0] as RawValue), row]));
      // A row missing here changed out of scope since the ids were read.
      yield ids.flatMap((id) => (byId.has(id) ? [complianceRow(byId.get(id) as unknown[])] : []));
    }
  }

  /** The CSV's columns, after the assignment id, in `complianceRow`'s order. */
  private withRowColumns(query: SelectQueryBuilder<Assignment>): SelectQueryBuilder<Assignment> {
    return query
      .innerJoin(Account, 'acc', 'acc.id = s.account_id')
      .leftJoin(
        Certificate,
        'c',
        'c.assignment_id = a.id AND (c.revoked_at IS NULL OR c.revoked_at >= :endOfDay)',
      )
      .select([
        'a.id AS id',
        's.employee_id AS "employeeId"',
        's.first_name AS "firstName"',
        's.last_name AS "lastName"',
        'acc.email AS email',
        'site.code AS "siteCode"',
        's.job_role AS "jobRole"',
        'a.course_id AS "courseId"',
        'a.edition AS edition',
        'a.due_date AS "dueDate"',
        `${ReportsRepository.STATUS} AS status`,
        'a.completed_at AS "completedAt"',
        'c.serial AS "certificateSerial"',
      ]);
  }

  /** Who was overdue in scope, with how far they got; by site, due date and name. */
  async findOverdue(
    scope: ReportScope,
    limit: number,
    offset: number,
  ): Promise<{ rows: OverdueRow[]; total: number }> {
    const overdue = () => this.scoped({ ...scope, status: 'overdue' });
    const total = await overdue().getCount();
    const raw: RawRow[] = await overdue()
      .select([
        's.employee_id AS "employeeId"',
        's.first_name AS "firstName"',
        's.last_name AS "lastName"',
        'site.code AS "siteCode"',
        'site.name AS "siteName"',
        's.job_role AS "jobRole"',
        'a.course_id AS "courseId"',
        'a.edition AS edition',
        'a.due_date AS "dueDate"',
        // As of that day: a start after it is not shown, like the modules read after it.
        'CASE WHEN a.started_at < :endOfDay THEN a.started_at END AS "startedAt"',
        `(SELECT COUNT(*) FROM module_progress mp
          WHERE mp.assignment_id = a.id AND mp.completed_at < :endOfDay) AS "modulesDone"`,
      ])
      .orderBy('site.code', 'ASC')
      .addOrderBy('a.due_date', 'ASC')
      .addOrderBy('s.last_name', 'ASC')
      .addOrderBy('s.first_name', 'ASC')
      .addOrderBy('a.id', 'ASC')
      .limit(limit)
      .offset(offset)
      .getRawMany();
    const rows = raw.map((row) => ({
      employeeId: String(row.employeeId),
      firstName: String(row.firstName),
      lastName: String(row.lastName),
      siteCode: String(row.siteCode),
      siteName: String(row.siteName),
      jobRole: String(row.jobRole),
      courseId: String(row.courseId),
      edition: String(row.edition),
      dueDate: dateOnly(row.dueDate as string | Date),
      startedAt: timestamp(row.startedAt),
      modulesDone: count(row.modulesDone),
    }));
    return { rows, total };
  }

  /** Every site, for the report filters. */
  sites(): Promise<Site[]> {
    return this.dataSource.getRepository(Site).find({ order: { code: 'ASC' } });
  }

  /**
   * Attempts at one edition's quiz that counted, right answers per question, and how often each option
   * was chosen.
   */
  async quizItemCounts(courseId: string, edition: string): Promise<QuizItemCounts> {
    const attempts = () =>
      this.dataSource
        .getRepository(QuizAttempt)
        .createQueryBuilder('qa')
        .innerJoin(Assignment, 'a', 'a.id = qa.assignment_id')
        .where('a.course_id = :courseId AND a.edition = :edition', { courseId, edition })
        // Attempts that counted: until the course completed (later ones, before practice stopped being
        // stored, would describe people who already knew the answers).
        .andWhere('(a.completed_at IS NULL OR qa.submitted_at <= a.completed_at)');
    const choices = () => attempts().innerJoin(QuizChoice, 'qc', 'qc.attempt_id = qa.id');
    const [total, correct, chosen] = await Promise.all([
      attempts().getCount(),
      choices()
        .select(['qc.question_id AS question', 'COUNT(DISTINCT qc.attempt_id) AS n'])
        .andWhere('qc.question_correct = TRUE')
        .groupBy('qc.question_id')
        .getRawMany<{ question: string; n: RawValue }>(),
      choices()
        .select(['qc.question_id AS question', 'qc.option_id AS option', 'COUNT(*) AS n'])
        .groupBy('qc.question_id')
        .addGroupBy('qc.option_id')
        .getRawMany<{ question: string; option: string; n: RawValue }>(),
    ]);
    const byQuestion = new Map<string, Map<string, number>>();
    for (const row of chosen) {
      const options = byQuestion.get(row.question) ?? new Map<string, number>();
      options.set(row.option, count(row.n));
      byQuestion.set(row.question, options);
    }
    return {
      attempts: total,
      correct: new Map(correct.map((row) => [row.question, count(row.n)])),
      chosen: byQuestion,
    };
  }

  /** A composed query run as hand-written SQL (on SQLite straight on better-sqlite3: the rows are many). */
  private run<T extends ObjectLiteral>(query: SelectQueryBuilder<Assignment>): Promise<T[]> {
    const [sql, parameters] = query.getQueryAndParameters();
    return rawQuery<T>(this.dataSource, sql, parameters);
  }

  private runArrays(query: SelectQueryBuilder<Assignment>): Promise<unknown[][]> {
    const [sql, parameters] = query.getQueryAndParameters();
    return rawArrays(this.dataSource, sql, parameters);
  }
}
