import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, type EntityManager, IsNull } from 'typeorm';
import { momentNow } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { CourseCatalog } from '../courses/course-catalog.service.js';
import type { CourseEdition } from '../courses/course.types.js';
import { hydrate, persisted, rawQuery, sqliteTransaction, type SyncQuery } from '../database/raw-sql.js';
import { inTransaction, inTurn } from '../database/transactions.js';
import { StaffRepository } from '../staff/staff.repository.js';
import { Assignment } from './assignment.entity.js';
import { AssignmentsRepository } from './assignments.repository.js';
import { ModuleProgress } from './module-progress.entity.js';
import { QuizAttempt } from './quiz-attempt.entity.js';
import { QuizChoice } from './quiz-choice.entity.js';
import { type QuizResult, readAnswers, scoreQuiz } from './quiz-scoring.js';

export interface Completion {
  completedAt: Date;
  contentHash: string;
  quizScore: number | null;
}

/** Work that commits with a completion (the certificates issue attaches a certificate here). */
export type CompletionListener = (
  manager: EntityManager,
  assignment: Assignment,
  course: CourseEdition,
) => Promise<void>;

export interface Work {
  assignment: Assignment;
  course: CourseEdition;
}

/** The completion an assignment row records, if it is completed. */
function completionOf(
  row: Pick<Assignment, 'completedAt' | 'contentHash' | 'quizScore'> | null,
): Completion | null {
  if (!row?.completedAt) return null;
  return { completedAt: row.completedAt, contentHash: row.contentHash ?? '', quizScore: row.quizScore };
}

/** All a completion needs but a passing quiz attempt: every module read, and the attestation if any. */
function readyButTheQuiz(course: CourseEdition, modulesDone: number, attestedAt: Date | null | undefined) {
  return modulesDone >= course.modules.length && (!course.attestation || Boolean(attestedAt));
}

/**
 * A learner's work on one assignment: modules read, quiz attempts, the attestation, and the completion
 * they add up to. Nothing here takes a score or a "passed" from the client: the server decides.
 */
@Injectable()
export class ProgressService {
  private readonly listeners: CompletionListener[] = [];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly assignments: AssignmentsRepository,
    private readonly staff: StaffRepository,
    private readonly catalog: CourseCatalog,
    private readonly config: AppConfig,
  ) {}

  onCompleted(listener: CompletionListener): void {
    this.listeners.push(listener);
  }

  /** The signed-in person's assignment of a course, with its edition; 403 when it is not theirs to do. */
  async workOf(accountId: number, courseId: string, edition?: string, beforeWrite = false): Promise<Work> {
    const assignment = await this.assignments.currentForAccount(accountId, courseId, edition, beforeWrite);
    if (!assignment) throw new ForbiddenException('This course is not assigned to you');
    const course = this.catalog.find(assignment.courseId, assignment.edition, { drafts: false });
    if (!course) throw new NotFoundException('This course edition is not available right now');
    return { assignment, course };
  }

  /** `workOf` for a request about to change it (see `rawQueryBeforeWrite`). */
  workToChange(accountId: number, courseId: string): Promise<Work> {
    return this.workOf(accountId, courseId, undefined, true);
  }

  async completeModule(
    work: Work,
    moduleId: string,
  ): Promise<{ modulesDone: number; completion: Completion | null }> {
    const module = work.course.modules.find((m) => m.id === moduleId);
    if (!module) throw new NotFoundException(`No module "${moduleId}" in this course`);
    const assignmentId = work.assignment.id;
    if (this.dataSource.options.type === 'better-sqlite3') {
      const quick = await inTurn(this.dataSource, () =>
        sqliteTransaction(this.dataSource, (query) => this.completeModuleQuickly(query, work, module)),
      );
      if (quick) return quick;
    }
    // The busiest write of the year: a few hand-written statements (see raw-sql.ts), same effects.
    return inTransaction(this.dataSource, async (manager) => {
      // Idempotent: marking a module twice keeps the first record.
      await rawQuery(
        manager,
        `INSERT INTO module_progress (assignment_id, module_id, content_hash, completed_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (assignment_id, module_id) DO NOTHING`,
        [
          assignmentId,
          moduleId,
          module.contentHash,
          persisted(manager, ModuleProgress, 'completedAt', momentNow(this.config)),
        ],
      );
      await this.markStarted(manager, assignmentId);
      const modulesDone = await this.modulesDone(manager, work);
      // Only the last module can complete the course; before it, report a completion that already exists.
      const completion =
        modulesDone < work.course.modules.length
          ? await this.existingCompletion(manager, assignmentId)
          : await this.completeIfDone(manager, work);
      return { modulesDone, completion };
    });
  }

  /**
   * SQLite: the same statements as `completeModule`, in one synchronous transaction (no event-loop turns
   * between them, so the write queue moves fast). Undefined (rolled back) only when this module
   * completes the course: the completion and its certificate are `completeModule`'s work. Reading the
   * last module usually completes nothing (the quiz and attestation come after it): that stays here.
   */
  private completeModuleQuickly(
    query: SyncQuery,
    work: Work,
    module: { id: string; contentHash: string },
  ): { modulesDone: number; completion: Completion | null } | undefined {
    const assignmentId = work.assignment.id;
    const now = momentNow(this.config);
    query(
      `INSERT INTO module_progress (assignment_id, module_id, content_hash, completed_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (assignment_id, module_id) DO NOTHING`,
      [
        assignmentId,
        module.id,
        module.contentHash,
        persisted(this.dataSource, ModuleProgress, 'completedAt', now),
      ],
    );
    query('UPDATE assignments SET started_at = ? WHERE id = ? AND started_at IS NULL', [
      persisted(this.dataSource, Assignment, 'startedAt', now),
      assignmentId,
    ]);
    const done = new Set(
      query<{ module_id: string }>('SELECT module_id FROM module_progress WHERE assignment_id = ?', [
        assignmentId,
      ]).map((row) => row.module_id),
    );
    const modulesDone = work.course.modules.filter((m) => done.has(m.id)).length;
    const [raw] = query<Record<string, unknown>>(
      'SELECT completed_at, content_hash, quiz_score, attested_at FROM assignments WHERE id = ?',
      [assignmentId],
    );
    const row = raw ? hydrate(this.dataSource, Assignment, raw) : null;
    const completion = completionOf(row);
    if (completion) return { modulesDone, completion };
    // As `completeIfDone` decides: ready, and a passing attempt.
    const completes =
      readyButTheQuiz(work.course, modulesDone, row?.attestedAt) &&
      query('SELECT 1 FROM quiz_attempts WHERE assignment_id = ? AND passed = ? LIMIT 1', [
        assignmentId,
        true,
      ]).length > 0;
    return completes ? undefined : { modulesDone, completion: null };
  }

  async submitAttempt(
    work: Work,
    answers: unknown,
  ): Promise<QuizResult & { attempt: number | null; completion: Completion | null; practice: boolean }> {
    const read = readAnswers(work.course.quiz, answers);
    if ('errors' in read) throw new BadRequestException(read.errors);
    const result = scoreQuiz(work.course.quiz, read.chosen, work.course.passingScore);
    return inTransaction(this.dataSource, async (manager) => {
      // After the course is complete, a quiz is practice: scored, never stored, so the item statistics
      // describe the attempts that counted.
      const done = await this.existingCompletion(manager, work.assignment.id);
      if (done) return { ...result, attempt: null, completion: done, practice: true };
      const attempts = manager.getRepository(QuizAttempt);
      const number = (await attempts.countBy({ assignmentId: work.assignment.id })) + 1;
      const saved = await attempts.save({
        assignmentId: work.assignment.id,
        number,
        score: result.score,
        passed: result.passed,
        contentHash: work.course.contentHash,
        submittedAt: momentNow(this.config),
      });
      const correct = new Map(result.results.map((r) => [r.questionId, r.correct]));
      const choices = [...read.chosen].flatMap(([questionId, optionIds]) =>
        optionIds.map((optionId) => ({
          attemptId: saved.id,
          questionId,
          optionId,
          questionCorrect: correct.get(questionId) ?? false,
        })),
      );
      await manager.getRepository(QuizChoice).insert(choices);
      await this.markStarted(manager, work.assignment.id);
      const completion = await this.completeIfDone(manager, work);
      return { ...result, attempt: number, completion, practice: false };
    });
  }

  /**
   * Records the attestation. Its statement affirms that every module was completed, so it is refused
   * (409) until they are; the quiz may come before or after it.
   */
  async attest(work: Work): Promise<{ attestedAt: Date; completion: Completion | null }> {
    if (!work.course.attestation) throw new BadRequestException('This course has no attestation to give');
    return inTransaction(this.dataSource, async (manager) => {
      const repository = manager.getRepository(Assignment);
      const modulesDone = await this.modulesDone(manager, work);
      const modulesTotal = work.course.modules.length;
      const before = await repository.findOneByOrFail({ id: work.assignment.id });
      if (!before.attestedAt && modulesDone < modulesTotal)
        throw new ConflictException(
          `Complete every module before giving the attestation: ${modulesDone} of ${modulesTotal} done`,
        );
      await repository.update(
        { id: work.assignment.id, attestedAt: IsNull() },
        { attestedAt: momentNow(this.config) },
      );
      await this.markStarted(manager, work.assignment.id);
      const row = await repository.findOneByOrFail({ id: work.assignment.id });
      const completion = await this.completeIfDone(manager, work);
      return { attestedAt: row.attestedAt as Date, completion };
    });
  }

  /** Where the learner stands: modules done, quiz passed, attested, completed. */
  async standing(work: Work) {
    const manager = this.dataSource.manager;
    const done =
      (await this.assignments.modulesDone([work.assignment.id], manager)).get(work.assignment.id) ??
      new Set<string>();
    const attempts = await manager
      .getRepository(QuizAttempt)
      .find({ where: { assignmentId: work.assignment.id }, order: { number: 'DESC' } });
    const fresh = await manager.getRepository(Assignment).findOneByOrFail({ id: work.assignment.id });
    return {
      modulesDone: work.course.modules.filter((m) => done.has(m.id)).map((m) => m.id),
      attempts: attempts.length,
      lastScore: attempts[0]?.score ?? null,
      passed: attempts.some((a) => a.passed),
      attestedAt: fresh.attestedAt,
      completedAt: fresh.completedAt,
    };
  }

  private async modulesDone(manager: EntityManager, work: Work): Promise<number> {
    const done =
      (await this.assignments.modulesDone([work.assignment.id], manager)).get(work.assignment.id) ??
      new Set<string>();
    return work.course.modules.filter((m) => done.has(m.id)).length;
  }

  private async markStarted(manager: EntityManager, assignmentId: number): Promise<void> {
    await rawQuery(manager, 'UPDATE assignments SET started_at = ? WHERE id = ? AND started_at IS NULL', [
      persisted(manager, Assignment, 'startedAt', momentNow(this.config)),
      assignmentId,
    ]);
  }

  private async existingCompletion(manager: EntityManager, assignmentId: number): Promise<Completion | null> {
    await this.lock(manager, assignmentId);
    const [raw] = await rawQuery<Record<string, unknown>>(
      manager,
      'SELECT completed_at, content_hash, quiz_score FROM assignments WHERE id = ?',
      [assignmentId],
    );
    return completionOf(raw ? hydrate(manager, Assignment, raw) : null);
  }

  /** On PostgreSQL, concurrent requests for one assignment queue on its row (SQLite already takes turns). */
  private async lock(manager: EntityManager, assignmentId: number): Promise<void> {
    if (this.dataSource.options.type === 'postgres') {
      await manager.query('SELECT id FROM assignments WHERE id = $1 FOR UPDATE', [assignmentId]);
    }
  }

  /**
   * Completes the assignment once every module is done, the quiz passed and the attestation (if any)
   * given. Only one request can flip `completed_at`: a second, concurrent one finds it set.
   */
  private async completeIfDone(manager: EntityManager, work: Work): Promise<Completion | null> {
    await this.lock(manager, work.assignment.id);
    const repository = manager.getRepository(Assignment);
    const row = await repository.findOneByOrFail({ id: work.assignment.id });
    const existing = completionOf(row);
    if (existing) return existing;
    if (!readyButTheQuiz(work.course, await this.modulesDone(manager, work), row.attestedAt)) return null;
    const best = await manager
      .getRepository(QuizAttempt)
      .findOne({ where: { assignmentId: row.id, passed: true }, order: { score: 'DESC' } });
    if (!best) return null;
    const completedAt = momentNow(this.config);
    const flipped = await repository.update(
      { id: row.id, completedAt: IsNull() },
      { completedAt, contentHash: work.course.contentHash, quizScore: best.score },
    );
    if (!flipped.affected) {
      return completionOf(await repository.findOneByOrFail({ id: row.id }));
    }
    for (const listener of this.listeners)
      await listener(
        manager,
        { ...row, completedAt, contentHash: work.course.contentHash, quizScore: best.score },
        work.course,
      );
    return { completedAt, contentHash: work.course.contentHash, quizScore: best.score };
  }
}
