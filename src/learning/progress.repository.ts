import { Injectable } from '@nestjs/common';
import { issueCertificate } from '../certificates/issue-certificate.js';
import type { CourseEdition } from '../courses/course.types.js';
import { Database } from '../database/database.js';
import { empty, sql, type Sql } from '../database/sql.js';
import type { Assignment } from './assignment.entity.js';
import { ASSIGNMENT } from './assignments.repository.js';
import { heldBy, type Holder } from './holder.js';

/** What decides a completion, as the assignment row records it. */
export type CompletionState = Pick<Assignment, 'completedAt' | 'contentHash' | 'quizScore' | 'attestedAt'>;

export interface NewAttempt {
  assignmentId: number;
  score: number;
  passed: boolean;
  contentHash: string;
  submittedAt: Date;
  /** Option ids chosen, per question id, and whether the question was answered right. */
  choices: { questionId: string; optionId: string; questionCorrect: boolean }[];
}

/** A learner's work on one assignment: modules read, quiz attempts, attestation, completion and its certificate. */
@Injectable()
export class ProgressRepository {
  constructor(private readonly database: Database) {}

  /**
   * The assignment a learner works on for a course (a given edition, else the newest not withdrawn),
   * with the learner's job role today: it decides which of the edition's modules are theirs (null for a
   * community learner, who has none).
   */
  async currentFor(
    accountId: number,
    courseId: string,
    edition?: string,
  ): Promise<(Assignment & { jobRole: string | null }) | undefined> {
    return this.database.row<Assignment & { jobRole: string | null }>(
      sql`SELECT ${ASSIGNMENT}, s.job_role FROM assignments a LEFT JOIN staff s ON s.id = a.staff_id
           WHERE ${heldBy(accountId)} AND a.course_id = ${courseId} AND a.withdrawn_on IS NULL
                 ${edition ? sql`AND a.edition = ${edition}` : empty}
           ORDER BY a.edition DESC LIMIT 1`,
    );
  }

  /** Marks a module read; marking it twice keeps the first record. */
  async markModuleRead(assignmentId: number, moduleId: string, contentHash: string, at: Date): Promise<void> {
    await this.database.run(
      sql`INSERT INTO module_progress (assignment_id, module_id, content_hash, completed_at)
          VALUES (${assignmentId}, ${moduleId}, ${contentHash}, ${at})
          ON CONFLICT (assignment_id, module_id) DO NOTHING`,
    );
  }

  async markStarted(assignmentId: number, at: Date): Promise<void> {
    await this.database.run(
      sql`UPDATE assignments SET started_at = ${at} WHERE id = ${assignmentId} AND started_at IS NULL`,
    );
  }

  /** The ids of the modules marked read. */
  async modulesRead(assignmentId: number): Promise<Set<string>> {
    const rows = await this.database.rows<{ moduleId: string }>(
      sql`SELECT module_id FROM module_progress WHERE assignment_id = ${assignmentId}`,
    );
    return new Set(rows.map((row) => row.moduleId));
  }

  /** Where the completion stands. */
  completionState(assignmentId: number): Promise<CompletionState> {
    return this.stateOf(assignmentId, empty);
  }

  /**
   * The same, for a transaction about to change it: on PostgreSQL the row stays locked until it ends,
   * so concurrent requests for one assignment take turns (SQLite's transactions take turns anyway).
   */
  lockedCompletionState(assignmentId: number): Promise<CompletionState> {
    return this.stateOf(assignmentId, this.database.lockRows);
  }

  private async stateOf(assignmentId: number, lock: Sql): Promise<CompletionState> {
    const row = await this.database.row<CompletionState>(
      sql`SELECT completed_at, content_hash, quiz_score, attested_at FROM assignments
           WHERE id = ${assignmentId} ${lock}`,
    );
    if (!row) throw new Error(`Assignment ${assignmentId} does not exist`);
    return row;
  }

  /** Records an attempt and its choices; its number (1 for the first). */
  async recordAttempt(attempt: NewAttempt): Promise<number> {
    const counted = await this.database.row<{ n: number }>(
      sql`SELECT COUNT(*) AS n FROM quiz_attempts WHERE assignment_id = ${attempt.assignmentId}`,
    );
    const number = (counted?.n ?? 0) + 1;
    const saved = await this.database.row<{ id: number }>(
      sql`INSERT INTO quiz_attempts (assignment_id, number, score, passed, content_hash, submitted_at)
          VALUES (${attempt.assignmentId}, ${number}, ${attempt.score}, ${attempt.passed}, ${attempt.contentHash},
                  ${attempt.submittedAt})
          RETURNING id`,
    );
    const attemptId = (saved as { id: number }).id;
    if (attempt.choices.length > 0)
      await this.database.insertRows(
        'quiz_choices',
        ['attempt_id', 'question_id', 'option_id', 'question_correct'],
        attempt.choices.map((c) => [attemptId, c.questionId, c.optionId, c.questionCorrect]),
      );
    return number;
  }

  /** The best passing score, or undefined while no attempt has passed. */
  async bestPassingScore(assignmentId: number): Promise<number | undefined> {
    const row = await this.database.row<{ score: number }>(
      sql`SELECT score FROM quiz_attempts WHERE assignment_id = ${assignmentId} AND passed = ${true}
           ORDER BY score DESC LIMIT 1`,
    );
    return row?.score;
  }

  async attest(assignmentId: number, at: Date): Promise<void> {
    await this.database.run(
      sql`UPDATE assignments SET attested_at = ${at} WHERE id = ${assignmentId} AND attested_at IS NULL`,
    );
  }

  /**
   * Completes the assignment and issues its certificate (in the caller's transaction: both commit, or
   * neither); its serial. Undefined when another request completed it first.
   */
  async complete(
    assignment: Pick<Assignment, 'id'> & Holder,
    course: CourseEdition,
    completion: { completedAt: Date; quizScore: number },
  ): Promise<string | undefined> {
    const flipped = await this.database.run(
      sql`UPDATE assignments SET completed_at = ${completion.completedAt}, content_hash = ${course.contentHash},
                 quiz_score = ${completion.quizScore}
           WHERE id = ${assignment.id} AND completed_at IS NULL`,
    );
    if (flipped === 0) return undefined;
    return issueCertificate(this.database, {
      assignmentId: assignment.id,
      programEnrolmentId: null,
      staffId: assignment.staffId,
      communityLearnerId: assignment.communityLearnerId,
      courseId: course.id,
      courseTitle: course.title,
      edition: course.edition,
      pdHours: course.pdHours,
      completedAt: completion.completedAt,
      contentHash: course.contentHash,
    });
  }

  /** The serial of the certificate issued for an assignment, if any. */
  async certificateSerial(assignmentId: number): Promise<string | null> {
    const row = await this.database.row<{ serial: string }>(
      sql`SELECT serial FROM certificates WHERE assignment_id = ${assignmentId}`,
    );
    return row?.serial ?? null;
  }

  /** Attempts, newest first: how many, the last score, whether any passed. */
  async attempts(assignmentId: number): Promise<{ score: number; passed: boolean }[]> {
    return this.database.rows<{ score: number; passed: boolean }>(
      sql`SELECT score, passed FROM quiz_attempts WHERE assignment_id = ${assignmentId} ORDER BY number DESC`,
    );
  }

  /**
   * One stored attempt of an assignment, by its number: its score and, per question answered, whether
   * it was right (as scored when it was sent). Undefined when the assignment has no such attempt.
   */
  async attemptResult(
    assignmentId: number,
    number: number,
  ): Promise<{ score: number; passed: boolean; correct: Map<string, boolean> } | undefined> {
    const attempt = await this.database.row<{ id: number; score: number; passed: boolean }>(
      sql`SELECT id, score, passed FROM quiz_attempts WHERE assignment_id = ${assignmentId} AND number = ${number}`,
    );
    if (!attempt) return undefined;
    const rows = await this.database.rows<{ questionId: string; questionCorrect: boolean }>(
      sql`SELECT DISTINCT question_id, question_correct FROM quiz_choices WHERE attempt_id = ${attempt.id}`,
    );
    const correct = new Map(rows.map((row) => [row.questionId, Boolean(row.questionCorrect)]));
    return { score: attempt.score, passed: Boolean(attempt.passed), correct };
  }
}
