import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { AuditRepository } from '../../src/audit/audit.repository.js';
import { AuditService } from '../../src/audit/audit.service.js';
import { loadConfig } from '../../src/config/app-config.js';
import { Database } from '../../src/database/database.js';
import { migrationSource } from '../../src/database/migrations.js';
import { sql } from '../../src/database/sql.js';
import type { Role } from '../../src/identity/roles.js';
import { SessionsRepository } from '../../src/identity/sessions.repository.js';
import { RosterImportService } from '../../src/staff/roster-import.service.js';
import { RosterRepository } from '../../src/staff/roster.repository.js';
import { type StaffFilters, StaffRepository } from '../../src/staff/staff.repository.js';
import { makeStaff, rosterCsv } from '../factories/staff.factory.js';
import { createTestDatabase, openTestDatabase, type TestDatabase } from '../support/test-database.js';

const HR = { accountId: 0, email: 'hr@district.test', roles: ['learner', 'hr'] as Role[] };

const PEOPLE = [
  makeStaff({ employeeId: 'E1', firstName: 'José', lastName: 'Begay', siteCode: 'LIN', jobRole: 'teacher' }),
  makeStaff({
    employeeId: 'E2',
    firstName: 'Josefina',
    lastName: 'Ñúñez',
    siteCode: 'OAK',
    jobRole: 'counselor',
  }),
  makeStaff({
    employeeId: 'E3',
    firstName: 'Nguyễn Thị',
    lastName: 'Hồng',
    siteCode: 'LIN',
    jobRole: 'teacher',
  }),
  makeStaff({ employeeId: 'E4', firstName: 'Sean', lastName: 'O’Brien', siteCode: 'OAK', status: 'leave' }),
  makeStaff({
    employeeId: 'E5',
    firstName: 'Ana',
    lastName: 'Álvarez',
    siteCode: 'LIN',
    jobRole: 'support',
    email: 'ana.a@district.test',
  }),
];

describe('the staff search (real database built by the migrations)', () => {
  let database: Database;
  let close: () => Promise<void>;
  let staff: StaffRepository;
  let importer: RosterImportService;

  beforeEach(async () => {
    ({ database, close } = await openTestDatabase());
    staff = new StaffRepository(database);
    importer = new RosterImportService(
      database,
      new RosterRepository(database),
      new SessionsRepository(database),
      new AuditService(new AuditRepository(database)),
      loadConfig({ HEARTH_TODAY: '2026-11-23' }),
    );
    const result = await importer.importCsv(
      Buffer.from(rosterCsv(PEOPLE)),
      { sync: false, dryRun: false },
      HR,
    );
    if (!result.ok) throw new Error(`import: ${JSON.stringify(result.errors)}`);
  });
  afterEach(() => close());

  const find = async (filters: Partial<StaffFilters>) =>
    (await staff.findPage({ page: 1, pageSize: 50, ...filters })).items.map((item) => item.employeeId);

  it('stores each person’s folded name and employee id with the row the import writes', async () => {
    const rows = await database.rows<{ employeeId: string; searchText: string }>(
      sql`SELECT employee_id, search_text FROM staff ORDER BY employee_id`,
    );
    expect(rows.map((row) => row.searchText)).toEqual([
      'begay jose e1 e1@district.test',
      'nunez josefina e2 e2@district.test',
      'hong nguyen thi e3 e3@district.test',
      'obrien sean e4 e4@district.test',
      'alvarez ana e5 ana.a@district.test',
    ]);
  });

  it('keeps the search text in step when a later import renames someone', async () => {
    await importer.importCsv(
      Buffer.from(rosterCsv([{ ...PEOPLE[0], firstName: 'Joséph', lastName: 'Béga-Yazzie' }])),
      { sync: false, dryRun: false },
      HR,
    );
    expect(await find({ q: 'joseph yazzie' })).toEqual(['E1']);
    expect(await find({ q: 'begay' })).toEqual([]);
  });

  it.each([
    ['jose', ['E1', 'E2']],
    ['JOSÉ', ['E1', 'E2']],
    ['José Begay', ['E1']],
    ['begay, jose', ['E1']],
    ['jose smith', []],
    ['nunez', ['E2']],
    ['nguyen hong', ['E3']],
    ['obrien', ['E4']],
    ["O'Brien", ['E4']],
    ['e3', ['E3']],
    ['ana.a@district', ['E5']],
    ['100%', []],
  ])('finds %j: %j', async (q, found) => {
    expect((await find({ q })).sort()).toEqual(found);
  });

  it('filters by site, job role and status, and sorts by name accents aside', async () => {
    expect(await find({})).toEqual(['E5', 'E1', 'E3', 'E2', 'E4']);
    expect(await find({ order: 'desc' })).toEqual(['E4', 'E2', 'E3', 'E1', 'E5']);
    expect(await find({ site: 'LIN' })).toEqual(['E5', 'E1', 'E3']);
    expect(await find({ site: 'LIN', role: 'teacher' })).toEqual(['E1', 'E3']);
    expect(await find({ status: 'leave' })).toEqual(['E4']);
    expect(await find({ sort: 'employeeId', order: 'desc' })).toEqual(['E5', 'E4', 'E3', 'E2', 'E1']);
    expect(await find({ sort: 'site' })).toEqual(['E5', 'E1', 'E3', 'E2', 'E4']);
  });

  it('pages through everyone once, whatever the sort', async () => {
    for (const sort of ['name', 'site', 'role', 'status'] as const) {
      const seen: string[] = [];
      for (let page = 1; page <= 3; page++) seen.push(...(await find({ sort, page, pageSize: 2 })));
      expect(seen.sort()).toEqual(['E1', 'E2', 'E3', 'E4', 'E5']);
    }
    expect((await staff.findPage({ q: 'jose', page: 1, pageSize: 1 })).total).toBe(2);
  });

  it('filters by Hearth role', async () => {
    const account = await database.row<{ accountId: number }>(
      sql`SELECT account_id FROM staff WHERE employee_id = 'E3'`,
    );
    await database.run(sql`UPDATE accounts SET roles = 'learner,hr' WHERE id = ${account?.accountId}`);
    expect(await find({ access: 'hr' })).toEqual(['E3']);
    expect(await find({ access: 'admin' })).toEqual([]);
  });
});

describe('the migration that adds the search text', () => {
  let db: TestDatabase;

  beforeEach(async () => {
    db = await createTestDatabase();
  });
  afterEach(() => db.drop());

  it('backfills everyone already on the roster, in batches, and indexes it', async () => {
    const source = migrationSource(db.target);
    await source.initialize();
    try {
      const at = source.migrations.findIndex((m) => m.name === 'StaffSearch1766000000000');
      expect(at).toBeGreaterThan(0);
      // Every migration before it, then 2,500 people written the way the roster did until now.
      await source.runMigrations({ transaction: 'each' });
      for (let i = source.migrations.length - 1; i >= at; i--)
        await source.undoLastMigration({ transaction: 'each' });
      const runner = source.createQueryRunner();
      try {
        await runner.query(`INSERT INTO sites (code, name) VALUES ('LIN', 'Lincoln')`);
        await runner.query(
          `INSERT INTO accounts (email, password_hash, roles, created_at)
           SELECT 'p' || n || '@district.test', NULL, 'learner', CURRENT_TIMESTAMP FROM (${numbers(2500)}) AS t`,
        );
        await runner.query(
          `INSERT INTO staff (employee_id, account_id, first_name, last_name, site_id, job_role, hire_date, status,
                              created_at, updated_at)
           SELECT 'E' || a.id, a.id, 'José', 'Begay ' || a.id, 1, 'teacher', '2020-08-01', 'active',
                  CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM accounts a`,
        );
      } finally {
        await runner.release();
      }
      await source.runMigrations({ transaction: 'each' });
    } finally {
      await source.destroy();
    }
    const database = await Database.open(db.target, { migrate: false });
    try {
      const rows = await database.rows<{ employeeId: string; searchText: string }>(
        sql`SELECT employee_id, search_text FROM staff ORDER BY id`,
      );
      expect(rows).toHaveLength(2500);
      expect(
        rows.filter(
          (row) =>
            row.searchText !==
            `begay ${row.employeeId.slice(1)} jose ${row.employeeId.toLowerCase()} p${row.employeeId.slice(1)}@district.test`,
        ),
      ).toEqual([]);
      const found = await new StaffRepository(database).findPage({
        q: 'jose begay 2500',
        page: 1,
        pageSize: 5,
      });
      expect(found.items.map((item) => item.employeeId)).toEqual(['E2500']);
    } finally {
      await database.close();
    }
  });
});

/** A derived table of the numbers 1..n (portable: a recursive CTE runs on SQLite and PostgreSQL). */
function numbers(n: number): string {
  return `WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < ${n}) SELECT n FROM t`;
}
