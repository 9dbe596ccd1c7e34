import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { loadConfig } from '../../src/config/app-config.js';
import type { Database } from '../../src/database/database.js';
import { sql } from '../../src/database/sql.js';
import { SurveyReportService } from '../../src/surveys/survey-report.service.js';
import { SurveysRepository } from '../../src/surveys/surveys.repository.js';
import { SurveysService } from '../../src/surveys/surveys.service.js';
import { makeStaff, rosterCsv } from '../factories/staff.factory.js';
import { brokenCopy, removeCopies } from '../support/course-copies.js';
import { learningServices } from '../support/services.js';
import { openTestDatabase } from '../support/test-database.js';

const SURVEY = `intro: How you see your work today.
items:
${['calm', 'voice', 'names', 'rules', 'rest', 'help'].map((id) => `  - id: ${id}\n    statement: Statement ${id}.\n`).join('')}`;
const onSqlite = loadConfig().database.kind === 'sqlite';
const RIGHT = { q1: 'a', q2: ['a', 'c'], q3: 'a' };

describe('anonymous surveys on a real database (SQLite, or PostgreSQL with DATABASE_URL)', () => {
  let database: Database;
  let close: () => Promise<void>;
  let surveys: SurveysService;
  let services: ReturnType<typeof learningServices>;
  let report: SurveyReportService;
  const accounts: number[] = [];

  beforeEach(async () => {
    ({ database, close } = await openTestDatabase());
    const root = brokenCopy('course.md', (t) => t);
    writeFileSync(join(root, 'example/2026-27/survey.yaml'), SURVEY);
    const config = loadConfig({
      COURSES_DIR: root,
      HEARTH_TODAY: '2026-09-01',
      HEARTH_SURVEY_MIN_GROUP: '3',
    });
    services = learningServices(database, config);
    const people = ['S1', 'S2', 'S3'].map((employeeId, i) =>
      makeStaff({
        employeeId,
        siteCode: i === 2 ? 'EAST' : 'WEST',
        jobRole: i === 1 ? 'paraprofessional' : 'teacher',
      }),
    );
    const result = await services.importer.importCsv(
      Buffer.from(rosterCsv(people)),
      { sync: false, dryRun: false },
      null,
    );
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    surveys = new SurveysService(database, new SurveysRepository(database), services.progress);
    report = new SurveyReportService(new SurveysRepository(database), services.catalog, config);
    accounts.length = 0;
    for (const id of ['S1', 'S2', 'S3'])
      accounts.push(
        Number(
          (
            await database.row<{ accountId: number }>(
              sql`SELECT account_id FROM staff WHERE employee_id = ${id}`,
            )
          )?.accountId,
        ),
      );
  });
  afterEach(async () => {
    await close();
    removeCopies();
  });

  async function complete(accountId: number) {
    const key = { accountId, courseId: 'example' };
    const work = await services.progress.workOf(key);
    for (const module of work.course.modules) await services.progress.completeModule(key, module.id);
    await services.progress.submitAttempt(key, RIGHT);
    await services.progress.attest(key);
  }

  it('stores answers with no account, staff or assignment id, no time, a random key, and the person only marked', async () => {
    expect(
      await surveys.answer(accounts[0], 'example', 'pre', { answers: { calm: 4, voice: 2, rules: null } }),
    ).toEqual({ status: 'answered', answered: 2 });
    await surveys.answer(accounts[1], 'example', 'pre', { answers: { calm: 5 } });
    await surveys.answer(accounts[2], 'example', 'pre', { answers: { calm: 1, names: 3 } });

    const rows = await database.rows<Record<string, unknown>>(sql`SELECT * FROM survey_answers`);
    expect(rows).toHaveLength(5);
    for (const row of rows) {
      // Exactly these columns: nothing of the person but site and role, and no time at all.
      expect(Object.keys(row).sort()).toEqual([
        'courseId',
        'edition',
        'id',
        'itemId',
        'jobRole',
        'phase',
        'siteCode',
        'value',
      ]);
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    expect(
      rows.map((r) => [r.siteCode, r.jobRole, `${String(r.itemId)}=${String(r.value)}`].join(' ')).sort(),
    ).toEqual([
      'EAST teacher calm=1',
      'EAST teacher names=3',
      'WEST paraprofessional calm=5',
      'WEST teacher calm=4',
      'WEST teacher voice=2',
    ]);
    const marks = await database.rows(
      sql`SELECT account_id, course_id, edition, phase, status FROM survey_marks ORDER BY account_id`,
    );
    expect(marks).toEqual(
      accounts.map((accountId) => ({
        accountId,
        courseId: 'example',
        edition: '2026-27',
        phase: 'pre',
        status: 'answered',
      })),
    );
    // The mark table has no column that could point at the answers.
    expect(
      Object.keys(marks[0] as object).some((column) => /answer|value|item|site|role/i.test(column)),
    ).toBe(false);
    const audit = await database.rows<{ action: string }>(
      sql`SELECT action FROM audit_entries WHERE action LIKE '%survey%'`,
    );
    expect(audit).toEqual([]);
  });

  it('gives every row a key of its own that says nothing of when', async () => {
    for (const accountId of accounts)
      await surveys.answer(accountId, 'example', 'pre', {
        answers: { calm: 3, voice: 3, names: 3, rules: 3 },
      });
    const ids = (await database.rows<{ id: string }>(sql`SELECT id FROM survey_answers`)).map((r) => r.id);
    expect(new Set(ids).size).toBe(12);
    expect(ids.every((id) => !/^\d+$/.test(id))).toBe(true);
  });

  (onSqlite ? describe : describe.skip)('on SQLite', () => {
    it('keeps no order of writing: no hidden rowid, and a scan comes in the random key’s order', async () => {
      for (const accountId of accounts)
        await surveys.answer(accountId, 'example', 'pre', {
          answers: { calm: 3, voice: 3, names: 3, rules: 3 },
        });
      const ids = (await database.rows<{ id: string }>(sql`SELECT * FROM survey_answers`)).map((r) => r.id);
      expect(ids).toEqual([...ids].sort());
      // The driver's error is read by its message: in a Jest worker it comes from another realm than Error.
      const refused = await database.rows(sql`SELECT rowid FROM survey_answers`).then(
        () => 'answered',
        (error: unknown) => String((error as { message?: unknown }).message),
      );
      expect(refused).toBe('no such column: rowid');
      const table = await database.row<{ sql: string }>(
        sql`SELECT sql FROM sqlite_master WHERE name = 'survey_answers'`,
      );
      expect(table?.sql).toMatch(/WITHOUT ROWID/);
    });
  });

  it('refuses to answer the same phase twice, and remembers a skip', async () => {
    await surveys.answer(accounts[0], 'example', 'pre', { answers: { calm: 4 } });
    await expect(
      surveys.answer(accounts[0], 'example', 'pre', { answers: { calm: 2 } }),
    ).rejects.toMatchObject({ status: 409 });
    expect(await surveys.answer(accounts[1], 'example', 'pre', { skip: true })).toEqual({
      status: 'skipped',
      answered: 0,
    });
    expect((await surveys.view(accounts[1], 'example', 'pre')).status).toBe('skipped');
    await expect(
      surveys.answer(accounts[1], 'example', 'pre', { answers: { calm: 2 } }),
    ).rejects.toMatchObject({ status: 409 });
    const work = await services.progress.workOf({ accountId: accounts[1], courseId: 'example' });
    expect(await surveys.offered(accounts[1], work, await services.progress.standing(work))).toEqual([]);
    expect(
      await database.rows(sql`SELECT id FROM survey_answers WHERE item_id = 'calm' AND value = 2`),
    ).toEqual([]);
    // Submitting with every statement left on "No answer" is a skip too: nothing to store.
    expect(await surveys.answer(accounts[2], 'example', 'pre', { answers: { calm: null } })).toEqual({
      status: 'skipped',
      answered: 0,
    });
    expect(
      await database.rows(sql`SELECT phase, status FROM survey_marks WHERE account_id = ${accounts[2]}`),
    ).toEqual([{ phase: 'pre', status: 'skipped' }]);
    expect(await database.rows(sql`SELECT item_id, value FROM survey_answers`)).toEqual([
      { itemId: 'calm', value: 4 },
    ]);
  });

  it('asks before only before the first module and after only once completed, and names bad items', async () => {
    const work = await services.progress.workOf({ accountId: accounts[0], courseId: 'example' });
    expect(await surveys.offered(accounts[0], work, await services.progress.standing(work))).toEqual(['pre']);
    await expect(
      surveys.answer(accounts[0], 'example', 'post', { answers: { calm: 4 } }),
    ).rejects.toMatchObject({ status: 409 });
    await expect(
      surveys.answer(accounts[0], 'example', 'pre', { answers: { nope: 4 } }),
    ).rejects.toMatchObject({
      status: 422,
      response: { message: [expect.stringContaining('answers.nope: this survey has no item "nope"')] },
    });
    await expect(
      surveys.answer(accounts[0], 'example', 'pre', { answers: { calm: 6 } }),
    ).rejects.toMatchObject({
      status: 422,
      response: { message: ['answers.calm must be a whole number from 1 to 5 (found 6)'] },
    });
    await complete(accounts[0]);
    await expect(
      surveys.answer(accounts[0], 'example', 'pre', { answers: { calm: 4 } }),
    ).rejects.toMatchObject({ status: 409 });
    const done = await services.progress.workOf({ accountId: accounts[0], courseId: 'example' });
    expect(await surveys.offered(accounts[0], done, await services.progress.standing(done))).toEqual([
      'post',
    ]);
    expect(await surveys.answer(accounts[0], 'example', 'post', { answers: { calm: 5 } })).toEqual({
      status: 'answered',
      answered: 1,
    });
    expect(await database.rows(sql`SELECT phase, item_id, value FROM survey_answers`)).toEqual([
      { phase: 'post', itemId: 'calm', value: 5 },
    ]);
    expect(
      await database.rows(sql`SELECT id FROM survey_answers WHERE value > 5 OR item_id = 'nope'`),
    ).toEqual([]);
  });

  it('reports counts and means as numbers, with groups under the minimum hidden and the total shown', async () => {
    await surveys.answer(accounts[0], 'example', 'pre', { answers: { calm: 4, voice: 2 } });
    await surveys.answer(accounts[1], 'example', 'pre', { answers: { calm: 5 } });
    await surveys.answer(accounts[2], 'example', 'pre', { answers: { calm: 3 } });
    const bySite = await report.report('example', undefined, 'site');
    const calm = bySite.items.find((item) => item.id === 'calm');
    expect(calm?.overall).toEqual({
      key: null,
      name: 'All answers',
      before: { count: 3, mean: 4, hidden: null },
      after: { count: 0, mean: null, hidden: null },
    });
    expect(calm?.groups.map((g) => [g.key, g.before.hidden])).toEqual([
      ['EAST', 'fewer than 3 answers'],
      ['WEST', 'fewer than 3 answers'],
    ]);
    const voice = bySite.items.find((item) => item.id === 'voice');
    expect(voice?.overall.before).toEqual({ count: null, mean: null, hidden: 'fewer than 3 answers' });
    const byRole = await report.report('example', '2026-27', 'role');
    expect(byRole.items[0].groups.map((g) => g.key)).toEqual(['paraprofessional', 'teacher']);
  });
});
