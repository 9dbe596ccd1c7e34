import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { hydrate, insertRows, persisted, rawQuery, rawQueryBeforeWrite } from '../database/raw-sql.js';
import { chunks, dateOnly } from '../staff/staff.repository.js';
import type { AssignmentChanges, AssignmentFacts, StaffFacts } from './assignment-rules.js';
import { Assignment } from './assignment.entity.js';

/** One row of "My training": an assignment (only the columns the list shows) and how far it is. */
export interface LearnerProgress {
  assignment: Pick<
    Assignment,
    'id' | 'courseId' | 'edition' | 'dueDate' | 'exemptSource' | 'startedAt' | 'completedAt'
  >;
  modulesDone: Set<string>;
  quizPassed: boolean;
  /** The certificates table is the certificates module's; reading a serial here saves a query per visit. */
  certificateSerial: string | null;
}

@Injectable()
export class AssignmentsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private manager(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  /** Everyone on the roster, as the assignment rules see them (hand-written: 10,000+ rows at start-up). */
  async staffFacts(manager?: EntityManager): Promise<StaffFacts[]> {
    const rows = await rawQuery<{
      id: number;
      job_role: string;
      status: StaffFacts['status'];
      hire_date: string | Date;
      changed_on: string | Date | null;
    }>(this.manager(manager), 'SELECT id, job_role, status, hire_date, changed_on FROM staff');
    return rows.map((row) => ({
      staffId: Number(row.id),
      jobRole: row.job_role,
      status: row.status,
      hireDate: dateOnly(row.hire_date),
      changedOn: row.changed_on ? dateOnly(row.changed_on) : null,
    }));
  }

  /** The assignments of these editions (keys `courseId@edition`). */
  async factsFor(
    editions: { courseId: string; edition: string }[],
    manager?: EntityManager,
  ): Promise<AssignmentFacts[]> {
    const facts: AssignmentFacts[] = [];
    const source = this.manager(manager).dataSource;
    const column = source.getMetadata(Assignment).findColumnWithPropertyName('startedAt');
    // A timestamp as the Date TypeORM would hydrate from this driver's raw value.
    const time = (value: unknown) =>
      value === null || !column ? null : (source.driver.prepareHydratedValue(value, column) as Date);
    for (const edition of editions) {
      const rows = await rawQuery<{
        id: number;
        staff_id: number;
        due_date: string | Date;
        exempt_source: AssignmentFacts['exemptSource'];
        exempt_on: string | Date | null;
        withdrawn_on: string | Date | null;
        started_at: unknown;
        completed_at: unknown;
      }>(
        this.manager(manager),
        `SELECT id, staff_id, due_date, exempt_source, exempt_on, withdrawn_on, started_at, completed_at
           FROM assignments WHERE course_id = ? AND edition = ?`,
        [edition.courseId, edition.edition],
      );
      // Plain objects, not entities: 20,000 rows at every sync (a few thousand per edition and district).
      for (const row of rows)
        facts.push({
          id: Number(row.id),
          staffId: Number(row.staff_id),
          courseId: edition.courseId,
          edition: edition.edition,
          dueDate: dateOnly(row.due_date),
          exemptSource: row.exempt_source,
          exemptOn: row.exempt_on === null ? null : dateOnly(row.exempt_on),
          withdrawnOn: row.withdrawn_on === null ? null : dateOnly(row.withdrawn_on),
          startedAt: time(row.started_at),
          completedAt: time(row.completed_at),
        });
    }
    return facts;
  }

  /** Writes a plan in bulk: multi-row inserts, updates one statement per changed row. */
  async apply(changes: AssignmentChanges, manager: EntityManager): Promise<void> {
    const createdAt = persisted(manager, Assignment, 'createdAt', new Date());
    const date = (value: string | null) => persisted(manager, Assignment, 'dueDate', value);
    await insertRows(
      manager,
      'assignments',
      [
        'staff_id',
        'course_id',
        'edition',
        'due_date',
        'exempt_source',
        'exempt_on',
        'withdrawn_on',
        'created_at',
      ],
      changes.create.map((row) => [
        row.staffId,
        row.courseId,
        row.edition,
        date(row.dueDate),
        row.exemptSource,
        date(row.exemptOn),
        date(row.withdrawnOn),
        createdAt,
      ]),
    );
    for (const row of changes.update) {
      await manager.getRepository(Assignment).update(
        { id: row.id },
        {
          dueDate: row.dueDate,
          exemptSource: row.exemptSource,
          exemptOn: row.exemptOn,
          withdrawnOn: row.withdrawnOn,
          ...(row.exemptSource === 'hr' ? {} : { exemptReason: null }),
        },
      );
    }
  }

  /** A person's assignments (by their account): current ones and completed history, soonest due first. */
  async forAccount(accountId: number): Promise<Assignment[]> {
    const rows = await rawQuery<Record<string, unknown>>(
      this.dataSource,
      `SELECT a.* FROM assignments a JOIN staff s ON s.id = a.staff_id
        WHERE s.account_id = ? AND (a.withdrawn_on IS NULL OR a.completed_at IS NOT NULL)
        ORDER BY a.completed_at IS NULL DESC, a.due_date ASC, a.course_id ASC`,
      [accountId],
    );
    return rows.map((row) => hydrate(this.dataSource, Assignment, row));
  }

  /**
   * "My training" in one statement: the account's assignments as `forAccount` lists them, each with the
   * module ids marked done, whether a quiz attempt passed, and the certificate's serial. Only the
   * columns the list shows are read: it is the page every learner opens first.
   */
  async progressForAccount(accountId: number): Promise<LearnerProgress[]> {
    // Module ids are slugs (no spaces): aggregated into one column, a row per assignment stays cheap.
    const modules =
      this.dataSource.options.type === 'postgres'
        ? "string_agg(mp.module_id, ' ')"
        : "group_concat(mp.module_id, ' ')";
    const rows = await rawQuery<Record<string, unknown>>(
      this.dataSource,
      `SELECT a.id, a.course_id, a.edition, a.due_date, a.exempt_source, a.started_at, a.completed_at,
              (SELECT ${modules} FROM module_progress mp WHERE mp.assignment_id = a.id) AS done_modules,
              EXISTS (SELECT 1 FROM quiz_attempts q WHERE q.assignment_id = a.id AND q.passed = ?) AS quiz_passed,
              c.serial AS certificate_serial
         FROM assignments a JOIN staff s ON s.id = a.staff_id
         LEFT JOIN certificates c ON c.assignment_id = a.id
        WHERE s.account_id = ? AND (a.withdrawn_on IS NULL OR a.completed_at IS NOT NULL)
        ORDER BY a.completed_at IS NULL DESC, a.due_date ASC, a.course_id ASC`,
      [true, accountId],
    );
    return rows.map((row) => ({
      assignment: hydrate(this.dataSource, Assignment, row),
      modulesDone: new Set(typeof row.done_modules === 'string' ? row.done_modules.split(' ') : []),
      // SQLite answers EXISTS with 1/0, PostgreSQL with a boolean.
      quizPassed: Boolean(row.quiz_passed),
      certificateSerial: typeof row.certificate_serial === 'string' ? row.certificate_serial : null,
    }));
  }

  /** The serial of the certificate issued for an assignment, if any. */
  async certificateSerial(assignmentId: number): Promise<string | null> {
    const [row] = await rawQuery<{ serial: string }>(
      this.dataSource,
      'SELECT serial FROM certificates WHERE assignment_id = ?',
      [assignmentId],
    );
    return row?.serial ?? null;
  }

  /**
   * The assignment a learner works on for a course: a given edition, else the newest not withdrawn. Found
   * from the account in one statement (every learner request asks it).
   */
  async currentForAccount(
    accountId: number,
    courseId: string,
    edition?: string,
    beforeWrite = false,
  ): Promise<Assignment | null> {
    const [row] = await (beforeWrite ? rawQueryBeforeWrite : rawQuery)<Record<string, unknown>>(
      this.dataSource,
      `SELECT a.* FROM assignments a JOIN staff s ON s.id = a.staff_id
        WHERE s.account_id = ? AND a.course_id = ? AND a.withdrawn_on IS NULL${edition ? ' AND a.edition = ?' : ''}
        ORDER BY a.edition DESC LIMIT 1`,
      edition ? [accountId, courseId, edition] : [accountId, courseId],
    );
    return row ? hydrate(this.dataSource, Assignment, row) : null;
  }

  /** The assignments among these whose quiz has been passed. */
  async quizPassed(assignmentIds: number[]): Promise<Set<number>> {
    const passed = new Set<number>();
    for (const batch of chunks(assignmentIds)) {
      const rows = await rawQuery<{ assignment_id: number }>(
        this.dataSource,
        `SELECT DISTINCT assignment_id FROM quiz_attempts WHERE passed = ? AND assignment_id IN (${marks(batch)})`,
        [true, ...batch],
      );
      for (const row of rows) passed.add(Number(row.assignment_id));
    }
    return passed;
  }

  /** Module ids marked done, per assignment. */
  async modulesDone(assignmentIds: number[], manager?: EntityManager): Promise<Map<number, Set<string>>> {
    const done = new Map<number, Set<string>>();
    for (const batch of chunks(assignmentIds)) {
      const rows = await rawQuery<{ assignment_id: number; module_id: string }>(
        this.manager(manager),
        `SELECT assignment_id, module_id FROM module_progress WHERE assignment_id IN (${marks(batch)})`,
        batch,
      );
      for (const row of rows) {
        const id = Number(row.assignment_id);
        if (!done.has(id)) done.set(id, new Set());
        done.get(id)?.add(row.module_id);
      }
    }
    return done;
  }
}

const marks = (values: unknown[]) => values.map(() => '?').join(', ');
