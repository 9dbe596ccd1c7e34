import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { type AppConfig, loadConfig } from '../../src/config/app-config.js';
import { CourseCatalog } from '../../src/courses/course-catalog.service.js';
import { Database } from '../../src/database/database.js';
import { sql } from '../../src/database/sql.js';
import { RemindersRepository } from '../../src/reminders/reminders.repository.js';
import { CLAIM_MS, standaloneReminders } from '../../src/reminders/reminders.service.js';
import { makeStaff, type RosterFields } from '../factories/staff.factory.js';
import { learningServices } from '../support/services.js';
import { openTestDatabase, type TestDatabase } from '../support/test-database.js';

const onSqlite = loadConfig().database.kind === 'sqlite';
const FIXTURE = resolve('test/fixtures/courses');
// The example course: teachers and paraprofessionals, opens 2026-08-01, due 2026-10-31, new hires 30 days.
const DUE = '2026-10-31';

describe('reminders on a real database', () => {
  let database: Database;
  let db: TestDatabase;
  let close: () => Promise<void>;
  let config: AppConfig;
  let scratch: string | undefined;

  beforeAll(() => {
    Logger.overrideLogger(['error']);
  });
  afterEach(async () => {
    await close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
    scratch = undefined;
  });

  /** A database with this roster imported on `today` (assignments made as the server makes them). */
  async function district(today: string, roster: RosterFields[], coursesDir = FIXTURE) {
    ({ database, db, close } = await openTestDatabase());
    config = loadConfig({ COURSES_DIR: coursesDir, HEARTH_TODAY: today, PUBLIC_URL: 'https://pd.example' });
    const { importer } = learningServices(database, config);
    const result = await importer.importCsv(Buffer.from(csvOf(roster)), { sync: false, dryRun: false }, null);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    return learningServices(database, config);
  }

  const csvOf = (rows: RosterFields[]) =>
    [
      'employee_id,first_name,last_name,email,site_code,site_name,job_role,hire_date,status',
      ...rows.map((r) =>
        [
          r.employeeId,
          r.firstName,
          r.lastName,
          r.email,
          r.siteCode,
          r.siteName,
          r.jobRole,
          r.hireDate,
          r.status,
        ].join(','),
      ),
    ].join('\n');

  function service(on: Database = database) {
    const catalog = new CourseCatalog(config);
    void catalog.reload(); // without the database, loaded before it returns
    return standaloneReminders(on, catalog, config);
  }

  /** Who was mailed a digest of this kind, by address, oldest first. */
  const mailed = async (kind = 'reminder') =>
    (
      await database.rows<{ toAddress: string }>(
        sql`SELECT to_address FROM mail_messages WHERE kind = ${kind} ORDER BY id`,
      )
    ).map((row) => row.toAddress);

  /** A copy of the test courses to change (removed after the test). */
  function copyOfCourses(): string {
    scratch = mkdtempSync(join(tmpdir(), 'hearth-courses-'));
    cpSync(FIXTURE, scratch, { recursive: true });
    return scratch;
  }

  function editCourse(folder: string, edits: [string, string][]) {
    const file = join(folder, 'course.md');
    let text = readFileSync(file, 'utf8');
    for (const [from, to] of edits) text = text.replace(from, to);
    writeFileSync(file, text);
  }

  const staff = (employeeId: string, overrides: Partial<RosterFields> = {}) =>
    makeStaff({ employeeId, email: `${employeeId.toLowerCase()}@district.test`, ...overrides });

  describe('who gets a digest', () => {
    it('reaches the pending learner a week before the due date, and nobody on leave, exempt, done or gone', async () => {
      await district('2026-10-24', [
        staff('T1'),
        staff('P1', { jobRole: 'paraprofessional', status: 'leave' }),
        staff('T2'),
        staff('T3'),
        staff('T4', { status: 'inactive' }),
        staff('S1', { jobRole: 'support' }),
      ]);
      await database.run(sql`UPDATE assignments SET exempt_source = 'hr', exempt_on = '2026-10-01',
        exempt_reason = 'Retiring in November' WHERE staff_id = (SELECT id FROM staff WHERE employee_id = 'T2')`);
      await database.run(sql`UPDATE assignments SET completed_at = ${new Date()}
        WHERE staff_id = (SELECT id FROM staff WHERE employee_id = 'T3')`);
      const result = await service().run('2026-10-24');
      expect(result).toMatchObject({ outcome: 'done', learnerDigests: 1, siteDigests: 0 });
      expect(await mailed()).toEqual(['t1@district.test']);
      const [message] = await database.rows<{ subject: string; textBody: string }>(
        sql`SELECT subject, text_body FROM mail_messages WHERE kind = 'reminder'`,
      );
      expect(message.subject).toBe('Hearth School District training: An Example Course is due in 7 days');
      expect(message.textBody).toContain('due in 7 days, on October 31, 2026');
      expect(message.textBody).toContain('https://pd.example/learn/example');
    });

    it('reminds 14, 7 and 1 days before, the day after, then weekly, and on no other day', async () => {
      await district('2026-10-01', [staff('T1')]);
      const days: string[] = [];
      for (let time = Date.parse('2026-10-10'); time <= Date.parse('2026-11-16'); time += 86_400_000) {
        const day = new Date(time).toISOString().slice(0, 10);
        if ((await service().run(day)).learnerDigests === 1) days.push(day);
      }
      expect(days).toEqual([
        '2026-10-17',
        '2026-10-24',
        '2026-10-30',
        '2026-11-01',
        '2026-11-08',
        '2026-11-15',
      ]);
      expect(DUE).toBe('2026-10-31');
    });

    it('drops an earlier digest still unsent: no backlog arrives as a flood once mail is configured', async () => {
      await district('2026-10-17', [staff('T1')]);
      await service().run('2026-10-17');
      await service().run('2026-10-24');
      const rows = await database.rows<{ status: string; lastError: string | null; textBody: string | null }>(
        sql`SELECT status, last_error, text_body FROM mail_messages ORDER BY id`,
      );
      expect(rows.map((row) => [row.status, row.lastError, row.textBody === null])).toEqual([
        ['failed', 'Replaced by a newer message before it was sent', true],
        ['held', null, false],
      ]);
    });

    it("follows a new hire's own due date, not the edition's", async () => {
      // Hired 2026-10-07, after the edition opened: due 30 days later, 2026-11-06.
      await district('2026-10-20', [staff('T1'), staff('N1', { hireDate: '2026-10-07' })]);
      expect(await service().run('2026-10-23')).toMatchObject({ learnerDigests: 1 });
      expect(await mailed()).toEqual(['n1@district.test']);
      expect(await service().run('2026-10-24')).toMatchObject({ learnerDigests: 1 });
      expect(await mailed()).toEqual(['n1@district.test', 't1@district.test']);
    });

    it('says nothing of an edition that has closed (a newer one is in force)', async () => {
      const dir = copyOfCourses();
      const next = join(dir, 'example', '2027-28');
      cpSync(join(dir, 'example', '2026-27'), next, { recursive: true });
      editCourse(next, [
        ['edition: 2026-27', 'edition: 2027-28'],
        ['opensOn: 2026-08-01', 'opensOn: 2026-10-20'],
        ['dueDate: 2026-10-31', 'dueDate: 2027-06-30'],
      ]);
      await district('2026-10-24', [staff('T1')], dir);
      expect(await service().run('2026-10-24')).toMatchObject({ outcome: 'done', learnerDigests: 0 });
      expect(await mailed()).toEqual([]);
    });

    it('lists every pending course in the one digest, soonest first', async () => {
      const dir = copyOfCourses();
      const second = join(dir, 'second', '2026-27');
      cpSync(join(dir, 'example', '2026-27'), second, { recursive: true });
      editCourse(second, [
        ['id: example', 'id: second'],
        ['title: An Example Course', 'title: A Second Course'],
        ['dueDate: 2026-10-31', 'dueDate: 2026-11-20'],
      ]);
      await district('2026-10-24', [staff('T1')], dir);
      // The second course is 27 days off (no reminder of its own) but pending: it is listed too.
      expect(await service().run('2026-10-24')).toMatchObject({ learnerDigests: 1 });
      const [message] = await database.rows<{ subject: string; textBody: string }>(
        sql`SELECT subject, text_body FROM mail_messages`,
      );
      expect(message.subject).toBe('Hearth School District training: 2 training courses are due soon');
      const example = message.textBody.indexOf('An Example Course\n  due in 7 days, on October 31, 2026');
      const later = message.textBody.indexOf('A Second Course\n  due in 27 days, on November 20, 2026');
      expect(example).toBeGreaterThan(0);
      expect(later).toBeGreaterThan(example);
      // A week after the first is due: one past due, both listed.
      expect(await service().run('2026-11-01')).toMatchObject({ learnerDigests: 1 });
      const [, pastDue] = await database.rows<{ subject: string; textBody: string }>(
        sql`SELECT subject, text_body FROM mail_messages ORDER BY id`,
      );
      expect(pastDue.subject).toBe('Hearth School District training: 2 training courses, 1 past due');
      expect(pastDue.textBody).toContain('was due yesterday, October 31, 2026 (past due)');
    });

    it('brings a follow-up on its day, once, to someone with no course due', async () => {
      // The example course's follow-ups come 7 and 30 days after completion.
      await district('2026-10-01', [staff('T1'), staff('T2')]);
      const noon = new Date(2026, 9, 1, 12, 0);
      await database.run(sql`UPDATE assignments SET completed_at = ${noon}
        WHERE staff_id = (SELECT id FROM staff WHERE employee_id = 'T1')`);
      expect(await service().run('2026-10-07')).toMatchObject({ learnerDigests: 0 });
      expect(await service().run('2026-10-08')).toMatchObject({ learnerDigests: 1 });
      const [message] = await database.rows<{ toAddress: string; subject: string; textBody: string }>(
        sql`SELECT to_address, subject, text_body FROM mail_messages WHERE kind = 'reminder'`,
      );
      expect(message.toAddress).toBe('t1@district.test');
      expect(message.subject).toBe(
        'Hearth School District training: A follow-up to An Example Course is ready',
      );
      expect(message.textBody).toContain('* A Week On (An Example Course)');
      expect(message.textBody).toContain('https://pd.example/learn/example/followups/first-week');
      expect(message.textBody).not.toContain('still to do');
      expect(await service().run('2026-10-08')).toMatchObject({ outcome: 'already-done', learnerDigests: 0 });
      // T2's course brings its own digest 14 days before it is due; T1's second follow-up comes 30 days on.
      expect(await service().run('2026-10-17')).toMatchObject({ learnerDigests: 1 });
      expect(await service().run('2026-10-31')).toMatchObject({ learnerDigests: 1 });
      expect(await mailed()).toEqual(['t1@district.test', 't2@district.test', 't1@district.test']);
    });
  });

  describe('once a day', () => {
    const roster = () => Array.from({ length: 7 }, (_, i) => staff(`T${i + 1}`));

    it('sends nothing the second time the same day is run', async () => {
      await district('2026-10-24', roster());
      expect(await service().run('2026-10-24')).toMatchObject({ outcome: 'done', learnerDigests: 7 });
      const again = await service().run('2026-10-24');
      expect(again).toMatchObject({ outcome: 'already-done', learnerDigests: 0 });
      expect((await mailed()).length).toBe(7);
    });

    it('lets only one of two runs at once (separate connections) send the day', async () => {
      await district('2026-10-24', roster());
      const other = await Database.open(db.target, { migrate: false });
      try {
        const first = () => service().run('2026-10-24');
        const second = () => service(other).run('2026-10-24');
        // PostgreSQL: truly at once. SQLite has one writer: within one thread they take turns, as two
        // processes would.
        const results = onSqlite ? [await first(), await second()] : await Promise.all([first(), second()]);
        expect(results.map((r) => r.learnerDigests).sort()).toEqual([0, 7]);
        const [winner, loser] = results[0].learnerDigests ? results : [results[1], results[0]];
        expect(winner.outcome).toBe('done');
        expect(['already-done', 'in-progress']).toContain(loser.outcome);
        const sent = await mailed();
        expect(new Set(sent).size).toBe(7);
        expect(sent.length).toBe(7);
      } finally {
        await other.close();
      }
    });

    it('resumes a run that stopped half-way without repeating what it queued', async () => {
      await district('2026-10-24', roster());
      const stopped = service().run('2026-10-24', {
        batchSize: 2,
        afterBatch: (batch) => {
          if (batch === 2) throw new Error('killed');
        },
      });
      await expect(stopped).rejects.toThrow('killed');
      expect((await mailed()).length).toBe(4);
      const resumed = await service().run('2026-10-24');
      expect(resumed).toMatchObject({ outcome: 'done', learnerDigests: 3 });
      const sent = await mailed();
      expect(sent.length).toBe(7);
      expect(new Set(sent).size).toBe(7);
      const run = await new RemindersRepository(database).run('2026-10-24');
      expect(run).toMatchObject({ learnerDigests: 7 });
      expect(run?.finishedAt).toBeInstanceOf(Date);
    });

    it('waits for a crashed run’s claim to lapse, then takes over where it stopped', async () => {
      await district('2026-10-24', roster());
      const repository = new RemindersRepository(database);
      // A process that claimed the day, queued nothing, and died (no release: kill -9).
      const crashAt = new Date();
      expect(
        await repository.claim('2026-10-24', 'dead-process', crashAt, new Date(crashAt.getTime() + CLAIM_MS)),
      ).toBe(true);
      expect(await service().run('2026-10-24')).toMatchObject({ outcome: 'in-progress', learnerDigests: 0 });
      const later = () => new Date(crashAt.getTime() + CLAIM_MS + 1000);
      expect(await service().run('2026-10-24', { now: later })).toMatchObject({
        outcome: 'done',
        learnerDigests: 7,
      });
      expect((await mailed()).length).toBe(7);
    });

    it('is off with HEARTH_REMINDERS=false', async () => {
      await district('2026-10-24', roster());
      config = loadConfig({ COURSES_DIR: FIXTURE, HEARTH_TODAY: '2026-10-24', HEARTH_REMINDERS: 'false' });
      expect(await service().run('2026-10-24')).toMatchObject({ outcome: 'off', learnerDigests: 0 });
      expect(await mailed()).toEqual([]);
    });
  });

  describe("site leaders' weekly digest", () => {
    it("goes on Mondays to each active administrator, with HR's numbers for their own site", async () => {
      await district('2026-11-02', [
        staff('A1', { jobRole: 'administrator', siteCode: 'LIN', siteName: 'Lincoln Elementary' }),
        staff('A2', {
          jobRole: 'administrator',
          siteCode: 'LIN',
          siteName: 'Lincoln Elementary',
          status: 'leave',
        }),
        staff('A3', { jobRole: 'administrator', siteCode: 'ROO', siteName: 'Roosevelt High' }),
        staff('T1', { siteCode: 'LIN', siteName: 'Lincoln Elementary' }),
        staff('T2', {
          siteCode: 'LIN',
          siteName: 'Lincoln Elementary',
          firstName: 'Bea',
          lastName: 'Okafor',
        }),
        staff('T3', { siteCode: 'ROO', siteName: 'Roosevelt High' }),
      ]);
      await database.run(sql`UPDATE assignments SET completed_at = ${new Date('2026-10-20T12:00:00Z')}
        WHERE staff_id = (SELECT id FROM staff WHERE employee_id = 'T1')`);
      // 2026-11-02 is a Monday; the course was due 2026-10-31.
      const result = await service().run('2026-11-02');
      expect(result.siteDigests).toBe(2);
      expect(await mailed('site-digest')).toEqual(['a1@district.test', 'a3@district.test']);
      const [lincoln] = await database.rows<{ subject: string; textBody: string }>(
        sql`SELECT subject, text_body FROM mail_messages WHERE to_address = 'a1@district.test'`,
      );
      expect(lincoln.subject).toBe(
        'Hearth School District training at Lincoln Elementary: 50.0% complete, 1 past due',
      );
      expect(lincoln.textBody).toContain('Bea Okafor, Teachers: An Example Course, was due October 31, 2026');
      expect(lincoln.textBody).toContain('https://pd.example/site/LIN');
      // Not on Tuesday.
      expect(await service().run('2026-11-03')).toMatchObject({ siteDigests: 0 });
    });
  });
});
