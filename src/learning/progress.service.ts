import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  Injectable,
  NotFoundException,
  Optional,
} from '@nestjs/common';
import { momentNow } from '../common/clock.js';
import { PartsDone } from '../common/parts-done.js';
import { AppConfig } from '../config/app-config.js';
import { asTakenBy } from '../courses/audience.js';
import { CourseCatalog } from '../courses/course-catalog.service.js';
import type { CourseEdition } from '../courses/course.types.js';
import { Database } from '../database/database.js';
import { XapiOutbox } from '../xapi/xapi-outbox.js';
import type { Assignment } from './assignment.entity.js';
import { type CompletionState, ProgressRepository } from './progress.repository.js';
import { type QuizResult, readAnswers, scoreQuiz } from './quiz-scoring.js';

export interface Completion {
  completedAt: Date;
  contentHash: string;
  quizScore: number | null;
  /** The certificate issued with it. */
  certificateSerial: string | null;
}

export interface Work {
  assignment: Assignment;
  /** The edition as this learner takes it: with the modules for their job role only (`asTakenBy`). */
  course: CourseEdition;
}

/** Whose work on which course: the signed-in person's account and the course (its newest edition unless given). */
export interface WorkKey {
  accountId: number;
  courseId: string;
  edition?: string;
}

/** All a completion needs but a passing quiz attempt: every module read, and the attestation if any. */
function readyButTheQuiz(course: CourseEdition, modulesDone: number, attestedAt: Date | null | undefined) {
  return modulesDone >= course.modules.length && (!course.attestation || Boolean(attestedAt));
}

const countIn = (course: CourseEdition, done: Set<string>) =>
  course.modules.filter((m) => done.has(m.id)).length;

/**
 * A learner's work on one assignment: modules read, quiz attempts, the attestation, and the completion
 * they add up to, with its certificate. Each change is one transaction that finds the work itself, so
 * what it decides on is what it writes to. Nothing here takes a score or a "passed" from the client.
 */
@Injectable()
export class ProgressService {
  constructor(
    private readonly database: Database,
    private readonly progress: ProgressRepository,
    private readonly catalog: CourseCatalog,
    private readonly config: AppConfig,
    @Optional() private readonly partsDone?: PartsDone,
    @Optional() private readonly xapi?: XapiOutbox,
  ) {}

  /** After a use case commits: a completion is a part done, for what builds on it (programs). */
  private async told<T extends { work: Work; completion: Completion | null }>(result: T): Promise<T> {
    // Programs are for staff: a community learner's completion builds on nothing.
    const { staffId } = result.work.assignment;
    if (result.completion && staffId !== null) await this.partsDone?.tell([staffId]);
    return result;
  }

  /** The signed-in person's assignment of a course, with its edition; 403 when it is not theirs to do. */
  async workOf(key: WorkKey): Promise<Work> {
    const found = await this.progress.currentFor(key.accountId, key.courseId, key.edition);
    if (!found) throw new ForbiddenException('This course is not assigned to you');
    const { jobRole, ...assignment } = found;
    const course = this.catalog.find(assignment.courseId, assignment.edition, { drafts: false });
    if (!course) throw new NotFoundException('This course edition is not available right now');
    return { assignment, course: asTakenBy(course, jobRole) };
  }

  /** Marks a module read (idempotent); the last one can complete the course. */
  async completeModule(key: WorkKey, moduleId: string) {
    const result = await this.database.transaction(async () => {
      const work = await this.workOf(key);
      const module = work.course.modules.find((m) => m.id === moduleId);
      if (!module) throw new NotFoundException(`No module "${moduleId}" in this course`);
      const now = momentNow(this.config);
      await this.progress.markModuleRead(work.assignment.id, moduleId, module.contentHash, now);
      await this.progress.markStarted(work.assignment.id, now);
      await this.xapi?.record(work.assignment, [
        {
          event: { kind: 'module-completed', course: work.course, moduleId, moduleTitle: module.title },
          subjectId: work.assignment.id,
          at: now,
        },
      ]);
      const modulesDone = countIn(work.course, await this.progress.modulesRead(work.assignment.id));
      return { work, modulesDone, completion: await this.completeIfDone(work, modulesDone) };
    });
    return this.told(result);
  }

  /** Scores the answers and records the attempt; after the course is complete, a quiz is practice. */
  async submitAttempt(key: WorkKey, answers: unknown) {
    const result = await this.database.transaction(async () => {
      const work = await this.workOf(key);
      const read = readAnswers(work.course.quiz, answers);
      if ('errors' in read) throw new BadRequestException(read.errors);
      const result: QuizResult = scoreQuiz(work.course.quiz, read.chosen, work.course.passingScore);
      const state = await this.progress.lockedCompletionState(work.assignment.id);
      // Practice is scored, never stored, so the item statistics describe the attempts that counted.
      const done = await this.existing(work.assignment.id, state);
      if (done) return { work, ...result, attempt: null, completion: done, practice: true };
      const correct = new Map(result.results.map((r) => [r.questionId, r.correct]));
      const submittedAt = momentNow(this.config);
      const attempt = await this.progress.recordAttempt({
        assignmentId: work.assignment.id,
        score: result.score,
        passed: result.passed,
        contentHash: work.course.contentHash,
        submittedAt,
        choices: [...read.chosen].flatMap(([questionId, optionIds]) =>
          optionIds.map((optionId) => ({
            questionId,
            optionId,
            questionCorrect: correct.get(questionId) ?? false,
          })),
        ),
      });
      await this.xapi?.record(work.assignment, [
        {
          event: {
            kind: 'quiz-attempted',
            course: work.course,
            score: result.score,
            passed: result.passed,
            passingScore: work.course.passingScore,
          },
          subjectId: attempt,
          at: submittedAt,
        },
      ]);
      await this.progress.markStarted(work.assignment.id, momentNow(this.config));
      const modulesDone = countIn(work.course, await this.progress.modulesRead(work.assignment.id));
      const completion = await this.completeIfDone(work, modulesDone, state);
      return { work, ...result, attempt, completion, practice: false };
    });
    return this.told(result);
  }

  /**
   * Records the attestation. Its statement affirms that every module was completed, so it is refused
   * (409) until they are; the quiz may come before or after it.
   */
  async attest(key: WorkKey) {
    const result = await this.database.transaction(async () => {
      const work = await this.workOf(key);
      if (!work.course.attestation) throw new BadRequestException('This course has no attestation to give');
      const modulesDone = countIn(work.course, await this.progress.modulesRead(work.assignment.id));
      const modulesTotal = work.course.modules.length;
      const before = await this.progress.lockedCompletionState(work.assignment.id);
      if (!before.attestedAt && modulesDone < modulesTotal)
        throw new ConflictException(
          `Complete every module before giving the attestation: ${modulesDone} of ${modulesTotal} done`,
        );
      const attestedAt = before.attestedAt ?? momentNow(this.config);
      if (!before.attestedAt) await this.progress.attest(work.assignment.id, attestedAt);
      await this.progress.markStarted(work.assignment.id, momentNow(this.config));
      const completion = await this.completeIfDone(work, modulesDone, { ...before, attestedAt });
      return { work, attestedAt, completion };
    });
    return this.told(result);
  }

  /** Where the learner stands: modules done, quiz passed, attested, completed. */
  async standing(work: Work) {
    const done = await this.progress.modulesRead(work.assignment.id);
    const attempts = await this.progress.attempts(work.assignment.id);
    const state = await this.progress.lockedCompletionState(work.assignment.id);
    return {
      modulesDone: work.course.modules.filter((m) => done.has(m.id)).map((m) => m.id),
      attempts: attempts.length,
      lastScore: attempts[0]?.score ?? null,
      passed: attempts.some((a) => a.passed),
      attestedAt: state.attestedAt,
      completedAt: state.completedAt,
    };
  }

  /** One of this work's stored quiz attempts, by number (the learner's own: `work` is theirs). */
  attemptResult(work: Work, number: number) {
    return this.progress.attemptResult(work.assignment.id, number);
  }

  /** The serial of the certificate issued for this work, if it is completed. */
  certificateSerial(work: Work): Promise<string | null> {
    return this.progress.certificateSerial(work.assignment.id);
  }

  /** The completion already recorded, with its certificate, if any. */
  private async existing(assignmentId: number, state: CompletionState): Promise<Completion | null> {
    if (!state.completedAt) return null;
    return {
      completedAt: state.completedAt,
      contentHash: state.contentHash ?? '',
      quizScore: state.quizScore,
      certificateSerial: await this.progress.certificateSerial(assignmentId),
    };
  }

  /**
   * Completes the assignment, with its certificate, once every module is done, the quiz passed and the
   * attestation (if any) given. Only one request can flip `completed_at`: a second, concurrent one
   * finds it set. `state` is the row as read earlier in the same transaction.
   */
  private async completeIfDone(
    work: Work,
    modulesDone: number,
    state?: CompletionState,
  ): Promise<Completion | null> {
    const row = state ?? (await this.progress.lockedCompletionState(work.assignment.id));
    const existing = await this.existing(work.assignment.id, row);
    if (existing) return existing;
    if (!readyButTheQuiz(work.course, modulesDone, row.attestedAt)) return null;
    const quizScore = await this.progress.bestPassingScore(work.assignment.id);
    if (quizScore === undefined) return null;
    const completedAt = momentNow(this.config);
    const serial = await this.progress.complete(work.assignment, work.course, { completedAt, quizScore });
    if (serial === undefined)
      return this.existing(work.assignment.id, await this.progress.completionState(work.assignment.id));
    await this.xapi?.record(work.assignment, [
      {
        event: { kind: 'course-completed', course: work.course, quizScore, pdHours: work.course.pdHours },
        subjectId: work.assignment.id,
        at: completedAt,
      },
    ]);
    return { completedAt, contentHash: work.course.contentHash, quizScore, certificateSerial: serial };
  }
}
