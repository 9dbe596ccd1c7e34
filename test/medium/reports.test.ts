import { resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { localTimestamp } from '../../src/common/clock.js';
import { type AppConfig, loadConfig } from '../../src/config/app-config.js';
import type { Database } from '../../src/database/database.js';
import { sql, type Sql } from '../../src/database/sql.js';
import type { AssignmentStatus } from '../../src/learning/assignment-rules.js';
import { type WorkKey } from '../../src/learning/progress.service.js';
import { ComplianceService } from '../../src/reports/compliance.service.js';
import type { ComplianceQuery } from '../../src/reports/dto/compliance-query.dto.js';
import { QuizItemsService } from '../../src/reports/quiz-items.service.js';
import { ReportsRepository, statusAsOf, statusIs } from '../../src/reports/reports.repository.js';
import { makeStaff, rosterCsv } from '../factories/staff.factory.js';
import { missingPdfTools, pdfText } from '../support/pdf.js';
import { learningServices } from '../support/services.js';
import { openTestDatabase } from '../support/test-database.js';

const STATUSES: AssignmentStatus[] = ['completed', 'exempt', 'overdue', 'in_progress', 'not_started'];
const RIGHT = { q1: 'a', q2: ['a', 'c'], q3: 'a' };
const WRONG = { q1: 'b', q2: ['a'], q3: 'a' };
/** The bytes as they are (TextDecoder would drop the byte order mark the test looks for). */
const csvText = async (stream: Readable) => (await buffer(stream)).toString('utf8');
const FORMULA_NAME = "=HYPERLINK('http://evil.test')";

/**
 * A small district with known numbers. The example course (teachers and paraprofessionals) is due
 * 2026-10-31; the reports run on 2026-11-23.
 *
 * | who | site | role | story |
 * | T1 | LIN | teacher | completed 2026-10-15 (certificate) |
 * | T2 | LIN | teacher | started 2026-11-05, completed 2026-11-10 (late; certificate revoked 2026-11-20) |
 * | T3 | LIN | teacher | started 2026-10-20, never finished (one wrong quiz attempt) |
 * | P1 | LIN | paraprofessional | on leave since 2026-09-01 (exempt) |
 * | P2 | LIN | paraprofessional | never started |
 * | T4 | OAK | teacher | formula-like name; exempted by HR on 2026-11-05 |
 * | T5 | OAK | teacher | hired 2026-11-15, due 2026-12-15 |
 * | T6 | OAK | teacher | withdrawn (left the district) on 2026-11-01 |
 * | S1 | OAK | support | not in the audience |
 */
/** 15:00 UTC on a day: the moments the fixture's work is moved to. */
const at = (iso: string) => new Date(`${iso}T15:00:00Z`);

describe('compliance reports (real services and queries on a database built by the migrations)', () => {
  let database: Database;
  let close: () => Promise<void>;
  let compliance: ComplianceService;
  let quizItems: QuizItemsService;
  let reports: ReportsRepository;
  const serials = new Map<string, string>();

  const report = (query: ComplianceQuery = {}) => compliance.report({ courseId: 'example', ...query });
  const zeros = { completed: 0, inProgress: 0, notStarted: 0, overdue: 0, exempt: 0 };

  /** A person's assignment (the fixture has one course, one edition) and their account. */
  async function assignmentOf(employeeId: string): Promise<{ id: number; accountId: number }> {
    const row = await database.row<{ id: number; accountId: number }>(
      sql`SELECT a.id, s.account_id FROM assignments a JOIN staff s ON s.id = a.staff_id
           WHERE s.employee_id = ${employeeId} ORDER BY a.id LIMIT 1`,
    );
    if (!row) throw new Error(`No assignment for ${employeeId}`);
    return row;
  }
  async function setAssignment(employeeId: string, changes: Sql) {
    await database.run(
      sql`UPDATE assignments SET ${changes} WHERE id = ${(await assignmentOf(employeeId)).id}`,
    );
  }

  beforeAll(async () => {
    Logger.overrideLogger(['error']);
    ({ database, close } = await openTestDatabase());
    const configFor = (today: string): AppConfig =>
      loadConfig({ COURSES_DIR: resolve('test/fixtures/courses'), HEARTH_TODAY: today });
    const syncDay = configFor('2026-09-01');
    // Completions issue their certificates themselves.
    const { catalog, importer, progress } = learningServices(database, syncDay);

    const lin = { siteCode: 'LIN', siteName: 'Lincoln Elementary' };
    const oak = { siteCode: 'OAK', siteName: 'Oak Grove Elementary' };
    const roster = [
      makeStaff({ employeeId: 'T1', ...lin, lastName: 'Adams' }),
      makeStaff({ employeeId: 'T2', ...lin, lastName: 'Baker' }),
      makeStaff({ employeeId: 'T3', ...lin, lastName: 'Chen' }),
      makeStaff({ employeeId: 'P1', ...lin, jobRole: 'paraprofessional', status: 'leave' }),
      makeStaff({ employeeId: 'P2', ...lin, jobRole: 'paraprofessional' }),
      makeStaff({ employeeId: 'T4', ...oak, firstName: FORMULA_NAME, lastName: 'O\'Brien, "Jr"' }),
      makeStaff({ employeeId: 'T5', ...oak, hireDate: '2026-11-15' }),
      makeStaff({ employeeId: 'T6', ...oak }),
      makeStaff({ employeeId: 'S1', ...oak, jobRole: 'support' }),
    ];
    const imported = await importer.importCsv(
      Buffer.from(rosterCsv(roster)),
      { sync: false, dryRun: false },
      null,
    );
    if (!imported.ok) throw new Error(JSON.stringify(imported.errors));

    // Real work through the learner's services (quiz choices and certificates), then the days fixed.
    const keyOf = async (employeeId: string): Promise<WorkKey> => ({
      accountId: (await assignmentOf(employeeId)).accountId,
      courseId: 'example',
    });
    for (const employeeId of ['T1', 'T2']) {
      const key = await keyOf(employeeId);
      const work = await progress.workOf(key);
      for (const module of work.course.modules) await progress.completeModule(key, module.id);
      await progress.attest(key);
      if (employeeId === 'T1') await progress.submitAttempt(key, WRONG);
      const passed = await progress.submitAttempt(key, RIGHT);
      if (!passed.completion) throw new Error(`${employeeId} did not complete`);
    }
    await progress.submitAttempt(await keyOf('T3'), WRONG);
    const issued = await database.rows<{ employeeId: string; serial: string }>(
      sql`SELECT s.employee_id, c.serial FROM certificates c
            JOIN assignments a ON a.id = c.assignment_id JOIN staff s ON s.id = a.staff_id`,
    );
    for (const { employeeId, serial } of issued) serials.set(employeeId, serial);
    await setAssignment('T1', sql`started_at = ${at('2026-10-01')}, completed_at = ${at('2026-10-15')}`);
    await setAssignment('T2', sql`started_at = ${at('2026-11-05')}, completed_at = ${at('2026-11-10')}`);
    await setAssignment('T3', sql`started_at = ${at('2026-10-20')}`);
    await setAssignment('T6', sql`withdrawn_on = ${'2026-11-01'}`);
    await database.run(
      sql`UPDATE certificates SET revoked_at = ${at('2026-11-20')}, revoked_reason = ${'Test'}
           WHERE serial = ${serials.get('T2') ?? null}`,
    );
    const exemptDay = configFor('2026-11-05');
    // HR exempts T4 on that day.
    await learningServices(database, exemptDay).assignments.exempt(
      'T4',
      'example',
      '2026-27',
      'Took it at her last district',
      {
        accountId: 1,
        email: 'hr@district.test',
      },
    );

    reports = new ReportsRepository(database);
    compliance = new ComplianceService(reports, catalog, configFor('2026-11-23'));
    quizItems = new QuizItemsService(reports, catalog);
  }, 60_000);

  afterAll(() => close());

  it('counts every status by site as of today', async () => {
    const result = await report();
    expect(result.asOf).toBe('2026-11-23');
    expect(result.groups).toEqual([
      {
        key: 'LIN',
        name: 'Lincoln Elementary',
        assigned: 5,
        completed: 2,
        inProgress: 0,
        notStarted: 0,
        overdue: 2,
        exempt: 1,
        completionRate: 0.5,
      },
      {
        key: 'OAK',
        name: 'Oak Grove Elementary',
        ...zeros,
        assigned: 2,
        notStarted: 1,
        exempt: 1,
        completionRate: 0,
      },
    ]);
    expect(result.totals).toEqual({
      assigned: 7,
      completed: 2,
      inProgress: 0,
      notStarted: 1,
      overdue: 2,
      exempt: 2,
      completionRate: 0.4,
    });
  });

  it('counts by role, and filters by site and by role', async () => {
    const byRole = await report({ groupBy: 'role' });
    expect(
      byRole.groups.map((g) => [g.key, g.name, g.assigned, g.completed, g.overdue, g.exempt, g.notStarted]),
    ).toEqual([
      ['paraprofessional', 'Paraprofessionals', 2, 0, 1, 1, 0],
      ['teacher', 'Teachers', 5, 2, 1, 1, 1],
    ]);
    const oak = await report({ site: 'OAK' });
    expect(oak.groups.map((g) => g.key)).toEqual(['OAK']);
    expect(oak.totals.assigned).toBe(2);
    const paras = await report({ role: 'paraprofessional' });
    expect(paras.groups).toEqual([
      expect.objectContaining({ key: 'LIN', assigned: 2, overdue: 1, exempt: 1 }),
    ]);
  });

  it('reports as of a past date: who had completed then, who was overdue then, who was not yet hired', async () => {
    const nov1 = await report({ asOf: '2026-11-01' });
    expect(nov1.groups).toEqual([
      expect.objectContaining({
        key: 'LIN',
        assigned: 5,
        completed: 1,
        overdue: 3,
        exempt: 1,
        inProgress: 0,
      }),
      // T4 was not yet exempt, T5 not yet hired, T6 withdrawn that day.
      expect.objectContaining({ key: 'OAK', assigned: 1, completed: 0, overdue: 1, exempt: 0 }),
    ]);
    const oct25 = await report({ asOf: '2026-10-25' });
    expect(oct25.groups).toEqual([
      expect.objectContaining({
        key: 'LIN',
        assigned: 5,
        completed: 1,
        inProgress: 1,
        notStarted: 2,
        exempt: 1,
      }),
      // T6 still counted: withdrawn later.
      expect.objectContaining({ key: 'OAK', assigned: 2, notStarted: 2, overdue: 0 }),
    ]);
  });

  it('lists who was overdue as of a past date, with how far they had got by then', async () => {
    const overdueOn = async (asOf: string) => {
      const { rows } = await reports.findOverdue(
        (await compliance.scopeOf({ courseId: 'example', asOf })).scope,
        50,
        0,
      );
      return rows.map((row) => [row.employeeId, row.startedAt !== null]);
    };
    // T2 started on November 5 and T3 on October 20.
    expect(await overdueOn('2026-11-01')).toEqual([
      ['T2', false],
      ['T3', true],
      ['P2', false],
      ['T4', false],
    ]);
    expect(await overdueOn('2026-11-23')).toContainEqual(['T3', true]);
  });

  it('refuses a day in the future and an edition without its course', async () => {
    await expect(report({ asOf: '2026-11-24' })).rejects.toThrow(
      'asOf must not be after today (November 23, 2026)',
    );
    await expect(compliance.report({ edition: '2026-27' })).rejects.toThrow('edition needs courseId');
    await expect(report({ edition: '2019-20' })).rejects.toThrow('No course example edition 2019-20');
  });

  it('exports one CSV row per staff member × course: BOM, header, quoting, formula-safe, serials', async () => {
    const csv = await csvText((await compliance.csv({ courseId: 'example' })).body);
    expect(
      csv.startsWith('\uFEFFemployee_id,first_name,last_name,email,site_code,job_role,course_id,edition,'),
    ).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(lines[0]).toBe(
      'employee_id,first_name,last_name,email,site_code,job_role,course_id,edition,due_date,status,completed_at,certificate_serial',
    );
    const rows = lines.slice(1, -1);
    // By site, then last name: LIN (Adams, Baker, Chen, Rivera, Rivera), then OAK (O'Brien, Rivera).
    expect(rows.map((row) => row.split(',')[0])).toEqual(['T1', 'T2', 'T3', 'P1', 'P2', 'T4', 'T5']);
    const byId = new Map(rows.map((row) => [row.split(',')[0], row]));
    expect(byId.get('T1')).toBe(
      `T1,Alex,Adams,t1@district.test,LIN,teacher,example,2026-27,2026-10-31,completed,${localTimestamp(at('2026-10-15'))},${serials.get('T1')}`,
    );
    // A certificate revoked by that day is not offered as proof.
    expect(byId.get('T2')?.endsWith(`,completed,${localTimestamp(at('2026-11-10'))},`)).toBe(true);
    expect(byId.get('T4')).toBe(
      `T4,'${FORMULA_NAME},"O'Brien, ""Jr""",t4@district.test,OAK,teacher,example,2026-27,2026-10-31,exempt,,`,
    );
    expect(byId.get('P2')).toMatch(/,overdue,,$/);
  });

  it('exports only the overdue rows when asked, as of a past date', async () => {
    const csv = await csvText(
      (await compliance.csv({ courseId: 'example', asOf: '2026-11-01', status: 'overdue' })).body,
    );
    const ids = csv
      .split('\r\n')
      .slice(1, -1)
      .map((row) => row.split(',')[0]);
    expect(ids.sort()).toEqual(['P2', 'T2', 'T3', 'T4']);
  });

  it('prints a PDF summary with the totals, the table and the as-of date', async () => {
    if (missingPdfTools().length) throw new Error(`Install ${missingPdfTools().join(', ')}`);
    const { body: pdf } = await compliance.pdf({ courseId: 'example' });
    const words = (await pdfText(pdf)).replace(/\s+/g, ' ');
    expect(words).toContain('Training compliance');
    expect(words).toContain('As of November 23, 2026');
    expect(words).toContain('7 2 0 1 2 2 40.0%');
    expect(words).toContain('Lincoln Elementary 5 2 0 0 2 1 50.0%');
    expect(words).toContain('Oak Grove Elementary 2 0 0 1 0 1 0.0%');
  });

  it('gives per-question statistics: attempts, share right, the wrong option chosen most', async () => {
    const items = await quizItems.report('example');
    expect(items.attempts).toBe(4);
    const byId = new Map(items.questions.map((q) => [q.id, q]));
    // Attempts: T1 wrong then right, T2 right, T3 wrong.
    expect(byId.get('q1')).toMatchObject({
      attempts: 4,
      correct: 2,
      shareCorrect: 0.5,
      mostChosenWrong: { id: 'b', chosen: 2, share: 0.5 },
    });
    // The wrong answers to q2 chose only a right option (a without c): no wrong option to name.
    expect(byId.get('q2')).toMatchObject({ correct: 2, shareCorrect: 0.5, mostChosenWrong: null });
    expect(byId.get('q3')).toMatchObject({ correct: 4, shareCorrect: 1, mostChosenWrong: null });
  });

  it('finds each status with conditions an index can use, exactly as the CASE names it, on any day', async () => {
    const days = [
      '2026-09-01',
      '2026-10-15',
      '2026-10-31',
      '2026-11-01',
      '2026-11-05',
      '2026-11-10',
      '2026-11-23',
    ];
    const seen = new Set<string>();
    for (const day of days) {
      for (const status of STATUSES) {
        const ids = async (where: Sql) =>
          (
            await database.rows<{ id: number }>(
              sql`SELECT a.id FROM assignments a WHERE ${where} ORDER BY a.id`,
            )
          ).map((row) => row.id);
        const byCase = await ids(sql`${statusAsOf(day)} = ${status}`);
        if (byCase.length) seen.add(status);
        expect([day, status, await ids(statusIs(status, day))]).toEqual([day, status, byCase]);
      }
    }
    // Over these days the fixture has every status, so no comparison is of empty lists only.
    expect([...seen].sort()).toEqual([...STATUSES].sort());
  });
});
