import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { AuditService } from '../../src/audit/audit.service.js';
import { type AppConfig, loadConfig } from '../../src/config/app-config.js';
import type { Database } from '../../src/database/database.js';
import { raw, sql } from '../../src/database/sql.js';
import type { Assignment } from '../../src/learning/assignment.entity.js';
import { AssignmentsService } from '../../src/learning/assignments.service.js';
import { MyAssignmentsService } from '../../src/learning/my-assignments.service.js';
import { ProgressService, type Work, type WorkKey } from '../../src/learning/progress.service.js';
import { RosterImportService } from '../../src/staff/roster-import.service.js';
import { StaffRepository } from '../../src/staff/staff.repository.js';
import { makeStaff, type RosterFields, rosterCsv } from '../factories/staff.factory.js';
import { learningServices } from '../support/services.js';
import { openTestDatabase } from '../support/test-database.js';

const RIGHT = { q1: 'a', q2: ['a', 'c'], q3: 'a' };
const WRONG = { q1: 'b', q2: ['a'], q3: 'a' };

describe('learning (real services on a database built by the migrations)', () => {
  let database: Database;
  let close: () => Promise<void>;
  let config: AppConfig;
  let importer: RosterImportService;
  let progress: ProgressService;
  let mine: MyAssignmentsService;
  let assignments: AssignmentsService;
  let audit: AuditService;

  async function importRoster(rows: RosterFields[]) {
    const result = await importer.importCsv(
      Buffer.from(rosterCsv(rows)),
      { sync: false, dryRun: false },
      null,
    );
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
  }

  async function accountOf(employeeId: string): Promise<number> {
    const member = await new StaffRepository(database).findByEmployeeId(employeeId);
    if (!member) throw new Error(`no ${employeeId}`);
    return member.accountId;
  }

  /** A learner's work on the example course, with the key the use cases take. */
  async function workOf(employeeId: string): Promise<Work & { key: WorkKey }> {
    const key = { accountId: await accountOf(employeeId), courseId: 'example' };
    return { ...(await progress.workOf(key)), key };
  }

  async function doEverythingButTheQuiz(work: Work & { key: WorkKey }) {
    for (const module of work.course.modules) await progress.completeModule(work.key, module.id);
    await progress.attest(work.key);
  }

  /** A use case's result without the work it found. */
  const outcome = <T extends { work: Work }>({ work: _work, ...rest }: T) => rest;

  /** Certificates issued, by assignment id. */
  const certified = async () =>
    (
      await database.rows<{ assignmentId: number }>(sql`SELECT assignment_id FROM certificates ORDER BY id`)
    ).map((row) => row.assignmentId);

  const count = async (table: 'quiz_attempts' | 'certificates') =>
    (await database.row<{ n: number }>(sql`SELECT COUNT(*) AS n FROM ${raw(table)}`))?.n;

  const assignmentRow = async (id: number) =>
    (await database.row<Assignment>(sql`SELECT * FROM assignments WHERE id = ${id}`)) as Assignment;

  beforeAll(() => {
    Logger.overrideLogger(['error']);
  });

  beforeEach(async () => {
    ({ database, close } = await openTestDatabase());
    config = loadConfig({ COURSES_DIR: resolve('test/fixtures/courses'), HEARTH_TODAY: '2026-09-01' });
    ({ audit, importer, assignments, progress, mine } = learningServices(database, config));
    await importRoster([
      makeStaff({ employeeId: 'T1', jobRole: 'teacher' }),
      makeStaff({ employeeId: 'P1', jobRole: 'paraprofessional', status: 'leave' }),
      makeStaff({ employeeId: 'S1', jobRole: 'support' }),
    ]);
  });
  afterEach(() => close());

  it('assigns the course to its audience when the roster is imported, exempting staff on leave', async () => {
    const rows = await database.rows<Assignment & { employeeId: string }>(
      sql`SELECT a.*, s.employee_id FROM assignments a JOIN staff s ON s.id = a.staff_id ORDER BY a.id`,
    );
    expect(rows.map((r) => [r.employeeId, r.courseId, r.edition, r.dueDate, r.exemptSource])).toEqual([
      ['T1', 'example', '2026-27', '2026-10-31', null],
      ['P1', 'example', '2026-27', '2026-10-31', 'leave'],
    ]);
    await expect(progress.workOf({ accountId: await accountOf('S1'), courseId: 'example' })).rejects.toThrow(
      'This course is not assigned to you',
    );
  });

  it('marks a module complete once, however often it is sent', async () => {
    const work = await workOf('T1');
    await progress.completeModule(work.key, 'welcome');
    const again = await progress.completeModule(work.key, 'welcome');
    expect(again.modulesDone).toBe(1);
    const [listed] = await mine.list(await accountOf('T1'));
    expect(listed).toMatchObject({
      status: 'in_progress',
      modulesDone: 1,
      modulesTotal: 2,
      next: { kind: 'module', moduleId: 'hard-days' },
    });
  });

  it('does not complete on a wrong attempt; completes on a right one once everything else is done', async () => {
    const work = await workOf('T1');
    await doEverythingButTheQuiz(work);
    const wrong = await progress.submitAttempt(work.key, WRONG);
    expect(wrong).toMatchObject({ score: 33, passed: false, attempt: 1, completion: null });
    expect(wrong.results.filter((r) => !r.correct).map((r) => r.questionId)).toEqual(['q1', 'q2']);
    const right = await progress.submitAttempt(work.key, RIGHT);
    expect(right).toMatchObject({
      score: 100,
      passed: true,
      attempt: 2,
      completion: { contentHash: work.course.contentHash, quizScore: 100 },
    });
    const row = await assignmentRow(work.assignment.id);
    expect(row.completedAt).toEqual(right.completion?.completedAt);
    expect(row.contentHash).toMatch(/^[0-9a-f]{64}$/);
    const q2 = await database.row<{ n: number }>(
      sql`SELECT COUNT(*) AS n FROM quiz_choices WHERE question_id = 'q2'`,
    );
    expect(q2?.n).toBe(3);
  });

  it('waits for the attestation when the quiz is passed first', async () => {
    const work = await workOf('T1');
    for (const module of work.course.modules) await progress.completeModule(work.key, module.id);
    expect((await progress.submitAttempt(work.key, RIGHT)).completion).toBeNull();
    expect((await progress.attest(work.key)).completion).toMatchObject({ quizScore: 100 });
  });

  it('completes with the last module read only when every other step came first', async () => {
    const [first, last] = (await workOf('T1')).course.modules.map((m) => m.id);

    // Every module read, nothing else yet: no completion.
    await importRoster([makeStaff({ employeeId: 'T2', jobRole: 'teacher' })]);
    const t2 = await workOf('T2');
    await progress.completeModule(t2.key, first);
    expect(outcome(await progress.completeModule(t2.key, last))).toEqual({
      modulesDone: 2,
      completion: null,
    });

    // Quiz passed and attested before the last module: reading it completes the course, once. (The
    // attestation waits for every module; one given before a module was added to the course is the case.)
    const t1 = await workOf('T1');
    await progress.completeModule(t1.key, first);
    expect((await progress.submitAttempt(t1.key, RIGHT)).completion).toBeNull();
    await expect(progress.attest(t1.key)).rejects.toThrow('1 of 2 done');
    await database.run(
      sql`UPDATE assignments SET attested_at = ${new Date()} WHERE id = ${t1.assignment.id}`,
    );
    const done = outcome(await progress.completeModule(t1.key, last));
    expect(done).toMatchObject({ modulesDone: 2, completion: { quizScore: 100 } });
    expect(await certified()).toEqual([t1.assignment.id]);
    // Read again: the same completion reported, nothing issued twice.
    expect(outcome(await progress.completeModule(t1.key, last))).toEqual(done);
    expect(await certified()).toEqual([t1.assignment.id]);
  });

  it('refuses answers that name unknown questions or options, without recording an attempt', async () => {
    const work = await workOf('T1');
    await expect(progress.submitAttempt(work.key, { ...RIGHT, q9: 'a' })).rejects.toThrow();
    await expect(progress.submitAttempt(work.key, { ...RIGHT, q1: 'zz' })).rejects.toThrow();
    expect(await count('quiz_attempts')).toBe(0);
  });

  it('turns two concurrent final submissions into one completion', async () => {
    const work = await workOf('T1');
    await doEverythingButTheQuiz(work);
    const [a, b] = await Promise.all([
      progress.submitAttempt(work.key, RIGHT),
      progress.submitAttempt(work.key, RIGHT),
    ]);
    expect(await certified()).toEqual([work.assignment.id]);
    expect(a.completion?.completedAt).toEqual(b.completion?.completedAt);
    // The second finds the course complete: practice, not an attempt.
    expect([a, b].filter((r) => !r.practice).map((r) => r.attempt)).toEqual([1]);
    expect([a, b].filter((r) => r.practice).map((r) => r.attempt)).toEqual([null]);
  });

  it('rolls the completion back when its certificate cannot be issued (all or nothing)', async () => {
    const work = await workOf('T1');
    await doEverythingButTheQuiz(work);
    // A stray certificate row already holds this assignment: issuing another one fails.
    await database.run(
      sql`INSERT INTO certificates (serial, assignment_id, staff_id, holder_name, course_id, course_title, edition,
                                    pd_hours_x100, completed_at, content_hash)
          VALUES ('STRAY', ${work.assignment.id}, ${work.assignment.staffId}, 'x', 'example', 'x', '2026-27', 0,
                  ${new Date()}, 'x')`,
    );
    // The driver's error comes from outside Jest's realm, so the outcome is compared, not the error's class.
    const result = await progress.submitAttempt(work.key, RIGHT).then(
      () => 'completed',
      () => 'failed',
    );
    expect(result).toBe('failed');
    const row = await assignmentRow(work.assignment.id);
    expect(row.completedAt).toBeNull();
    expect(await count('quiz_attempts')).toBe(0);
  });

  it('withdraws the assignment when the role changes out of the audience, and keeps a completion', async () => {
    const work = await workOf('T1');
    await doEverythingButTheQuiz(work);
    await progress.submitAttempt(work.key, RIGHT);
    await importRoster([
      makeStaff({ employeeId: 'T1', email: 't1@district.test', jobRole: 'support' }),
      makeStaff({ employeeId: 'P1', jobRole: 'support' }),
    ]);
    const rows = await database.rows<Assignment>(sql`SELECT * FROM assignments ORDER BY id`);
    expect(rows.map((r) => [r.withdrawnOn, Boolean(r.completedAt)])).toEqual([
      ['2026-09-01', true],
      ['2026-09-01', false],
    ]);
    // The completed course stays in the person's history.
    expect((await mine.list(await accountOf('T1'))).map((a) => a.status)).toEqual(['completed']);
  });

  it('lifts the leave exemption when the person returns, giving them 30 days from the return', async () => {
    await importRoster([makeStaff({ employeeId: 'P1', jobRole: 'paraprofessional', status: 'active' })]);
    const row = (await database.row<Assignment>(
      sql`SELECT a.* FROM assignments a JOIN staff s ON s.id = a.staff_id WHERE s.employee_id = 'P1'`,
    )) as Assignment;
    // Returned 2026-09-01 (HEARTH_TODAY) + 30 = 2026-10-01, earlier than the course's 2026-10-31.
    expect([row.exemptSource, row.dueDate]).toEqual([null, '2026-10-31']);
  });

  it('records an exemption HR gives, with its reason, in the audit log', async () => {
    const hr = { accountId: 1, email: 'hr@district.test' };
    await assignments.exempt(
      'T1',
      'example',
      '2026-27',
      'Took the same training at her previous district',
      hr,
    );
    const [listed] = await mine.list(await accountOf('T1'));
    expect(listed.status).toBe('exempt');
    const [entry] = await audit.find({ action: 'assignment.exempt' });
    expect(JSON.parse(entry.details ?? '{}')).toEqual({
      courseId: 'example',
      edition: '2026-27',
      reason: 'Took the same training at her previous district',
    });
    await expect(assignments.exempt('S1', 'example', '2026-27', 'n/a', hr)).rejects.toThrow(
      'S1 is not assigned example 2026-27',
    );
  });

  describe('with a module for paraprofessionals only', () => {
    let root: string;

    beforeEach(async () => {
      root = mkdtempSync(join(tmpdir(), 'hearth-role-module-'));
      cpSync(resolve('test/fixtures/courses/example'), join(root, 'example'), { recursive: true });
      const file = join(root, 'example/2026-27/modules/02-hard-days.md');
      writeFileSync(
        file,
        readFileSync(file, 'utf8').replace(
          'minutes: 10\n',
          'minutes: 10\naudienceRoles: [paraprofessional]\n',
        ),
      );
      await close();
      ({ database, close } = await openTestDatabase());
      config = loadConfig({ COURSES_DIR: root, HEARTH_TODAY: '2026-09-01' });
      ({ importer, progress, mine } = learningServices(database, config));
      await importRoster([
        makeStaff({ employeeId: 'T1', jobRole: 'teacher' }),
        makeStaff({ employeeId: 'P2', jobRole: 'paraprofessional' }),
      ]);
    });
    afterEach(() => rmSync(root, { recursive: true, force: true }));

    it('completes a teacher’s course without it, and a paraprofessional’s only with it', async () => {
      const teacher = await workOf('T1');
      const para = await workOf('P2');
      expect(teacher.course.modules.map((m) => m.id)).toEqual(['welcome']);
      expect(para.course.modules.map((m) => m.id)).toEqual(['welcome', 'hard-days']);
      await expect(progress.completeModule(teacher.key, 'hard-days')).rejects.toThrow(
        'No module "hard-days" in this course',
      );

      await doEverythingButTheQuiz(teacher);
      expect((await progress.submitAttempt(teacher.key, RIGHT)).completion).toMatchObject({ quizScore: 100 });

      await progress.completeModule(para.key, 'welcome');
      await expect(progress.attest(para.key)).rejects.toThrow(
        'Complete every module before giving the attestation: 1 of 2 done',
      );
      expect((await progress.submitAttempt(para.key, RIGHT)).completion).toBeNull();
      const [listed] = await mine.list(await accountOf('P2'));
      expect(listed).toMatchObject({
        modulesDone: 1,
        modulesTotal: 2,
        next: { kind: 'module', moduleId: 'hard-days' },
      });
      await progress.completeModule(para.key, 'hard-days');
      expect((await progress.attest(para.key)).completion).toMatchObject({
        contentHash: teacher.course.contentHash,
      });
    });
  });
});
