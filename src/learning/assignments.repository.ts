import { Injectable } from '@nestjs/common';
import { Database } from '../database/database.js';
import { chunks } from '../database/rows.js';
import { join, raw, sql } from '../database/sql.js';
import type { AssignmentChanges, AssignmentFacts, StaffFacts } from './assignment-rules.js';
import type { Assignment } from './assignment.entity.js';
import { heldBy } from './holder.js';

/** One row of "My training": an assignment (only the columns the list shows) and how far it is. */
export interface LearnerProgress {
  assignment: Pick<
    Assignment,
    'id' | 'courseId' | 'edition' | 'dueDate' | 'exemptSource' | 'startedAt' | 'completedAt'
  >;
  /** The learner's job role: which of the edition's modules are theirs (null: a community learner). */
  jobRole: string | null;
  modulesDone: Set<string>;
  quizPassed: boolean;
  /** The certificates table is the certificates module's; reading a serial here saves a query per visit. */
  certificateSerial: string | null;
}

/** Every column of an assignment, for a query with it as `a`. */
export const ASSIGNMENT = raw(
  `a.id, a.staff_id, a.community_learner_id, a.course_id, a.edition, a.due_date, a.exempt_source, a.exempt_on, a.exempt_reason,
   a.withdrawn_on, a.started_at, a.attested_at, a.completed_at, a.content_hash, a.quiz_score, a.created_at`,
);

@Injectable()
export class AssignmentsRepository {
  constructor(private readonly database: Database) {}

  /** Everyone on the roster, as the assignment rules see them (10,000+ rows at start-up). */
  async staffFacts(): Promise<StaffFacts[]> {
    const rows = await this.database.arrays(
      sql`SELECT id, job_role, status, hire_date, changed_on FROM staff`,
    );
    // Plain objects from arrays: no object per row beyond the one the rules read.
    return rows.map(([id, jobRole, status, hireDate, changedOn]) => ({
      staffId: id as number,
      jobRole: jobRole as string,
      status: status as StaffFacts['status'],
      hireDate: hireDate as string,
      changedOn: changedOn as string | null,
    }));
  }

  /** The staff assignments of these editions (a community learner's are never the sync's to change). */
  async factsFor(editions: { courseId: string; edition: string }[]): Promise<AssignmentFacts[]> {
    const facts: AssignmentFacts[] = [];
    for (const edition of editions) {
      // 20,000 rows at every sync (a few thousand per edition and district): arrays, not objects.
      const rows = await this.database.arrays(
        sql`SELECT id, staff_id, due_date, exempt_source, exempt_on, withdrawn_on, started_at, completed_at
              FROM assignments WHERE course_id = ${edition.courseId} AND edition = ${edition.edition}
               AND staff_id IS NOT NULL`,
      );
      for (const [id, staffId, dueDate, exemptSource, exemptOn, withdrawnOn, startedAt, completedAt] of rows)
        facts.push({
          id: id as number,
          staffId: staffId as number,
          courseId: edition.courseId,
          edition: edition.edition,
          dueDate: dueDate as string,
          exemptSource: exemptSource as AssignmentFacts['exemptSource'],
          exemptOn: exemptOn as string | null,
          withdrawnOn: withdrawnOn as string | null,
          startedAt: startedAt as Date | null,
          completedAt: completedAt as Date | null,
        });
    }
    return facts;
  }

  /** Writes a plan in bulk: multi-row inserts, updates one statement per changed row. */
  async apply(changes: AssignmentChanges): Promise<void> {
    const createdAt = new Date();
    await this.database.insertRows(
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
        row.dueDate,
        row.exemptSource,
        row.exemptOn,
        row.withdrawnOn,
        createdAt,
      ]),
    );
    for (const row of changes.update)
      await this.database.run(
        sql`UPDATE assignments SET due_date = ${row.dueDate}, exempt_source = ${row.exemptSource},
                   exempt_on = ${row.exemptOn}, withdrawn_on = ${row.withdrawnOn}
                   ${row.exemptSource === 'hr' ? raw('') : raw(', exempt_reason = NULL')}
             WHERE id = ${row.id}`,
      );
  }

  /**
   * A community learner's assignments, made once when they join (the roster sync never sees them: it
   * reads staff assignments only).
   */
  async createForCommunityLearner(
    communityLearnerId: number,
    rows: { courseId: string; edition: string; dueDate: string }[],
    createdAt: Date,
  ): Promise<void> {
    await this.database.insertRows(
      'assignments',
      ['community_learner_id', 'course_id', 'edition', 'due_date', 'created_at'],
      rows.map((row) => [communityLearnerId, row.courseId, row.edition, row.dueDate, createdAt]),
    );
  }

  /** A person's assignments (by their account): current ones and completed history, soonest due first. */
  forAccount(accountId: number): Promise<Assignment[]> {
    return this.database.rows<Assignment>(
      sql`SELECT ${ASSIGNMENT} FROM assignments a
           WHERE ${heldBy(accountId)} AND (a.withdrawn_on IS NULL OR a.completed_at IS NOT NULL)
           ORDER BY a.completed_at IS NULL DESC, a.due_date ASC, a.course_id ASC`,
    );
  }

  /** The ids of the courses an account holds an assignment of (any edition, as staff or community learner). */
  async courseIdsOf(accountId: number): Promise<Set<string>> {
    const rows = await this.database.rows<{ courseId: string }>(
      sql`SELECT DISTINCT a.course_id FROM assignments a WHERE ${heldBy(accountId)}`,
    );
    return new Set(rows.map((row) => row.courseId));
  }

  /** One person's assignment of one edition. */
  byStaffAndEdition(staffId: number, courseId: string, edition: string): Promise<Assignment | undefined> {
    return this.database.row<Assignment>(
      sql`SELECT ${ASSIGNMENT} FROM assignments a
           WHERE a.staff_id = ${staffId} AND a.course_id = ${courseId} AND a.edition = ${edition}`,
    );
  }

  /** Sets (or clears) an assignment's exemption. */
  async setExemption(
    id: number,
    exemption: Pick<Assignment, 'exemptSource' | 'exemptOn' | 'exemptReason'>,
  ): Promise<void> {
    await this.database.run(
      sql`UPDATE assignments SET exempt_source = ${exemption.exemptSource}, exempt_on = ${exemption.exemptOn},
                 exempt_reason = ${exemption.exemptReason}
           WHERE id = ${id}`,
    );
  }

  /**
   * "My training" in one statement: the account's assignments as `forAccount` lists them, each with the
   * module ids marked done, whether a quiz attempt passed, and the certificate's serial. Only the
   * columns the list shows are read: it is the page every learner opens first.
   */
  async progressForAccount(accountId: number): Promise<LearnerProgress[]> {
    // Module ids are slugs (no spaces): aggregated into one column, a row per assignment stays cheap.
    const rows = await this.database.arrays(
      sql`SELECT a.id, a.course_id, a.edition, a.due_date, a.exempt_source, a.started_at, a.completed_at, s.job_role,
                 (SELECT ${this.database.textAgg(raw('mp.module_id'), ' ')} FROM module_progress mp
                   WHERE mp.assignment_id = a.id) AS done_modules,
                 EXISTS (SELECT 1 FROM quiz_attempts q WHERE q.assignment_id = a.id AND q.passed = ${true}) AS quiz_passed,
                 c.serial AS certificate_serial
            FROM assignments a LEFT JOIN staff s ON s.id = a.staff_id
            LEFT JOIN certificates c ON c.assignment_id = a.id
           WHERE ${heldBy(accountId)} AND (a.withdrawn_on IS NULL OR a.completed_at IS NOT NULL)
           ORDER BY a.completed_at IS NULL DESC, a.due_date ASC, a.course_id ASC`,
    );
    return rows.map(
      ([
        id,
        courseId,
        edition,
        dueDate,
        exemptSource,
        startedAt,
        completedAt,
        jobRole,
        done,
        passed,
        serial,
      ]) => ({
        assignment: {
          id: id as number,
          courseId: courseId as string,
          edition: edition as string,
          dueDate: dueDate as string,
          exemptSource: exemptSource as Assignment['exemptSource'],
          startedAt: startedAt as Date | null,
          completedAt: completedAt as Date | null,
        },
        jobRole: jobRole as string | null,
        modulesDone: new Set(typeof done === 'string' ? done.split(' ') : []),
        // EXISTS: 1/0 on SQLite, a boolean on PostgreSQL.
        quizPassed: Boolean(passed),
        certificateSerial: typeof serial === 'string' ? serial : null,
      }),
    );
  }

  /** Module ids marked done, per assignment. */
  async modulesDone(assignmentIds: number[]): Promise<Map<number, Set<string>>> {
    const done = new Map<number, Set<string>>();
    for (const batch of chunks(assignmentIds)) {
      const rows = await this.database.arrays(
        sql`SELECT assignment_id, module_id FROM module_progress WHERE assignment_id IN (${join(batch)})`,
      );
      for (const [id, moduleId] of rows as [number, string][]) {
        if (!done.has(id)) done.set(id, new Set());
        done.get(id)?.add(moduleId);
      }
    }
    return done;
  }
}
