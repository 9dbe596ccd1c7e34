import { resolve } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { CohortsRepository } from '../../src/cohorts/cohorts.repository.js';
import { CohortsService } from '../../src/cohorts/cohorts.service.js';
import { JoinService } from '../../src/cohorts/join.service.js';
import { type AppConfig, loadConfig } from '../../src/config/app-config.js';
import type { Database } from '../../src/database/database.js';
import { sql } from '../../src/database/sql.js';
import { AccountsRepository } from '../../src/identity/accounts.repository.js';
import { SessionsRepository } from '../../src/identity/sessions.repository.js';
import { SessionsService } from '../../src/identity/sessions.service.js';
import { SignInFailuresRepository } from '../../src/identity/sign-in-failures.repository.js';
import { SignInThrottle } from '../../src/identity/sign-in-throttle.js';
import { AssignmentsRepository } from '../../src/learning/assignments.repository.js';
import { makeStaff, type RosterFields, rosterCsv } from '../factories/staff.factory.js';
import { learningServices } from '../support/services.js';
import { openTestDatabase } from '../support/test-database.js';

const RIGHT = { q1: 'a', q2: ['a', 'c'], q3: 'a' };
const HR = { accountId: 1, email: 'hr@district.test' };

describe('community cohorts (real services on a database built by the migrations)', () => {
  let database: Database;
  let close: () => Promise<void>;
  let config: AppConfig;
  let services: ReturnType<typeof learningServices>;
  let cohorts: CohortsService;
  let joins: JoinService;

  async function importRoster(rows: RosterFields[], sync = false) {
    const result = await services.importer.importCsv(
      Buffer.from(rosterCsv(rows)),
      { sync, dryRun: false },
      null,
    );
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
  }

  const join = (code: string, email: string, firstName: string) =>
    joins.join(
      { code, email, firstName, lastName: 'Partner', password: 'a community password' },
      '192.0.2.1',
    );

  /** A community learner's assignments, every column that matters. */
  const communityRows = () =>
    database.rows(
      sql`SELECT id, staff_id, community_learner_id, course_id, edition, due_date, exempt_source, exempt_on,
                 withdrawn_on, started_at, completed_at
            FROM assignments WHERE community_learner_id IS NOT NULL ORDER BY id`,
    );

  beforeAll(() => {
    Logger.overrideLogger(['error']);
  });

  beforeEach(async () => {
    ({ database, close } = await openTestDatabase());
    config = loadConfig({ COURSES_DIR: resolve('test/fixtures/courses'), HEARTH_TODAY: '2026-09-01' });
    services = learningServices(database, config);
    const repository = new CohortsRepository(database);
    const accounts = new AccountsRepository(database);
    const throttle = new SignInThrottle(new SignInFailuresRepository(database));
    const sessions = new SessionsService(accounts, new SessionsRepository(database), throttle, config);
    cohorts = new CohortsService(database, repository, services.catalog, services.audit, config);
    joins = new JoinService(
      database,
      repository,
      accounts,
      new AssignmentsRepository(database),
      sessions,
      throttle,
      services.catalog,
      services.audit,
      config,
    );
    await importRoster([makeStaff({ employeeId: 'T1', jobRole: 'teacher' })]);
  });
  afterEach(() => close());

  it('stores a community learner with an account and assignments, and no staff row', async () => {
    const cohort = await cohorts.create(
      { name: 'Partners', courseIds: ['example'], closesOn: '2026-10-01' },
      HR,
    );
    const { account } = await join(cohort.code, 'rosa@example.org', 'Rosa');
    expect(await database.rows(sql`SELECT employee_id FROM staff ORDER BY id`)).toEqual([
      { employeeId: 'T1' },
    ]);
    expect(
      await database.row(sql`SELECT 1 AS found FROM staff WHERE account_id = ${account.id}`),
    ).toBeUndefined();
    const learner = await database.row<{ id: number }>(
      sql`SELECT id, cohort_id, first_name, last_name FROM community_learners WHERE account_id = ${account.id}`,
    );
    expect(learner).toEqual({
      id: expect.any(Number),
      cohortId: cohort.id,
      firstName: 'Rosa',
      lastName: 'Partner',
    });
    expect(await communityRows()).toEqual([
      expect.objectContaining({
        staffId: null,
        communityLearnerId: learner?.id,
        courseId: 'example',
        edition: '2026-27',
        // Joined 2026-09-01, after the edition opened: 30 days, as a new hire.
        dueDate: '2026-10-01',
      }),
    ]);
    expect(account.roles).toEqual(['learner']);
    // The database itself refuses an assignment with no holder. (The message, not the error: better-sqlite3's
    // error class can come from another test file's realm, which toThrow does not recognise.)
    const written = await database
      .run(
        sql`INSERT INTO assignments (course_id, edition, due_date, created_at) VALUES ('example', '2026-28', '2026-10-01', ${new Date()})`,
      )
      .then(
        () => 'written',
        (error: Error) => error.message,
      );
    expect(written).toMatch(/CHECK constraint failed|violates check constraint/);
  });

  it('completes with a certificate that names the community learner, not a staff member', async () => {
    const cohort = await cohorts.create(
      { name: 'Partners', courseIds: ['example'], closesOn: '2026-10-01' },
      HR,
    );
    const { account } = await join(cohort.code, 'rosa@example.org', 'Rosa');
    const key = { accountId: account.id, courseId: 'example' };
    const work = await services.progress.workOf(key);
    // No job role: the modules for everyone.
    expect(work.course.modules.map((m) => m.id)).toEqual(['welcome', 'hard-days']);
    for (const module of work.course.modules) await services.progress.completeModule(key, module.id);
    await services.progress.attest(key);
    const done = await services.progress.submitAttempt(key, RIGHT);
    expect(done.completion?.certificateSerial).toEqual(expect.any(String));
    const certificate = await database.row(
      sql`SELECT staff_id, community_learner_id, holder_name FROM certificates`,
    );
    expect(certificate).toEqual({
      staffId: null,
      communityLearnerId: expect.any(Number),
      holderName: 'Rosa Partner',
    });
    const [listed] = await services.mine.list(account.id);
    expect(listed).toMatchObject({
      courseId: 'example',
      status: 'completed',
      modulesDone: 2,
      modulesTotal: 2,
    });
  });

  it('never lets the assignment sync touch a community learner’s assignments', async () => {
    const cohort = await cohorts.create(
      { name: 'Partners', courseIds: ['example'], closesOn: '2026-10-01' },
      HR,
    );
    await join(cohort.code, 'rosa@example.org', 'Rosa');
    const { account } = await join(cohort.code, 'sam@example.org', 'Sam');
    await services.progress.completeModule({ accountId: account.id, courseId: 'example' }, 'welcome');
    const before = await communityRows();
    // A roster sync that makes everyone on it leave the audience, and one more sync of its own.
    await importRoster([makeStaff({ employeeId: 'S1', jobRole: 'support' })], true);
    expect(await services.assignments.sync()).toEqual({ created: 0, updated: 0 });
    expect(await communityRows()).toEqual(before);
    // The sync did run: the teacher who left the roster is withdrawn.
    const staff = await database.rows(
      sql`SELECT withdrawn_on FROM assignments WHERE staff_id IS NOT NULL ORDER BY id`,
    );
    expect(staff).toEqual([{ withdrawnOn: '2026-09-01' }]);
  });

  it('keeps a closed cohort’s people and their work, and counts them in the cohorts report', async () => {
    const cohort = await cohorts.create(
      { name: 'Partners', courseIds: ['example'], closesOn: '2026-10-01' },
      HR,
    );
    const { account } = await join(cohort.code, 'rosa@example.org', 'Rosa');
    await cohorts.close(cohort.id, HR);
    await expect(join(cohort.code, 'late@example.org', 'Late')).rejects.toThrow(
      /closed on September 1, 2026/,
    );
    await services.progress.completeModule({ accountId: account.id, courseId: 'example' }, 'welcome');
    const report = await cohorts.report();
    expect(report.cohorts).toEqual([
      expect.objectContaining({
        learners: 1,
        open: false,
        courses: [
          {
            courseId: 'example',
            title: 'An Example Course',
            joined: 1,
            started: 1,
            completed: 0,
            certificates: 0,
          },
        ],
      }),
    ]);
    const audit = await database.rows<{ action: string }>(sql`SELECT action FROM audit_entries ORDER BY id`);
    expect(audit.map((entry) => entry.action)).toEqual(
      expect.arrayContaining(['cohort.create', 'cohort.join', 'cohort.close']),
    );
  });
});
