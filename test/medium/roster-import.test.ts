import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { loadConfig, type AppConfig } from '../../src/config/app-config.js';
import { AuditRepository } from '../../src/audit/audit.repository.js';
import { AuditService } from '../../src/audit/audit.service.js';
import type { Database } from '../../src/database/database.js';
import { raw, sql } from '../../src/database/sql.js';
import { AccountsRepository } from '../../src/identity/accounts.repository.js';
import { AccountsService } from '../../src/identity/accounts.service.js';
import { type Role, rolesTransformer } from '../../src/identity/roles.js';
import { SessionsRepository } from '../../src/identity/sessions.repository.js';
import { RosterImportService } from '../../src/staff/roster-import.service.js';
import { RosterRepository } from '../../src/staff/roster.repository.js';
import { StaffRepository } from '../../src/staff/staff.repository.js';
import { makeStaff, makeStaffList, rosterCsv } from '../factories/staff.factory.js';
import { openTestDatabase } from '../support/test-database.js';

const HR = { accountId: 0, email: 'hr@district.test', roles: ['learner', 'hr'] as Role[] };
const ADMIN = { accountId: 0, email: 'admin@district.test', roles: ['learner', 'admin'] as Role[] };

const importerOn = (database: Database, audit: AuditService, config: AppConfig) =>
  new RosterImportService(
    database,
    new RosterRepository(database),
    new SessionsRepository(database),
    audit,
    config,
  );

describe('roster import (real database built by the migrations)', () => {
  let database: Database;
  let close: () => Promise<void>;
  let importer: RosterImportService;
  let staff: StaffRepository;
  let audit: AuditService;

  beforeEach(async () => {
    ({ database, close } = await openTestDatabase());
    audit = new AuditService(new AuditRepository(database));
    staff = new StaffRepository(database);
    importer = importerOn(database, audit, loadConfig({ HEARTH_TODAY: '2026-11-23' }));
  });
  afterEach(() => close());

  const run = (csv: string, options: { sync?: boolean; dryRun?: boolean } = {}) =>
    importer.importCsv(
      Buffer.from(csv),
      { sync: options.sync ?? false, dryRun: options.dryRun ?? false },
      HR,
    );
  const count = async (table: 'staff' | 'accounts' | 'sites' | 'audit_entries') =>
    (await database.row<{ n: number }>(sql`SELECT COUNT(*) AS n FROM ${raw(table)}`))?.n;

  it('creates staff, their learner accounts and their sites', async () => {
    const rows = [
      makeStaff({ siteCode: 'LIN', siteName: 'Lincoln' }),
      makeStaff({ siteCode: 'OAK', siteName: 'Oak Grove' }),
      makeStaff({ siteCode: 'LIN', siteName: undefined }),
    ];
    const result = await run(rosterCsv(rows));
    expect(result).toMatchObject({
      ok: true,
      counts: { created: 3, updated: 0, unchanged: 0, deactivated: 0 },
    });
    expect(await count('staff')).toBe(3);
    const accounts = (
      await database.rows<{ roles: string; passwordHash: string | null }>(
        sql`SELECT roles, password_hash FROM accounts ORDER BY id`,
      )
    ).map((a) => ({ ...a, roles: rolesTransformer.from(a.roles) }));
    expect(accounts.map((a) => a.roles)).toEqual([['learner'], ['learner'], ['learner']]);
    expect(accounts.every((a) => a.passwordHash === null)).toBe(true);
    const sites = await database.rows<{ code: string; name: string }>(
      sql`SELECT code, name FROM sites ORDER BY code`,
    );
    expect(sites.map((s) => [s.code, s.name])).toEqual([
      ['LIN', 'Lincoln'],
      ['OAK', 'Oak Grove'],
    ]);
  });

  it('warns about a site code seen for the first time, except in the district’s first roster', async () => {
    const first = await run(rosterCsv([makeStaff({ siteCode: 'LIN' }), makeStaff({ siteCode: 'OAK' })]));
    expect(first).toMatchObject({ ok: true, warnings: [] });
    const rows = [
      makeStaff({ siteCode: 'LIN' }),
      makeStaff({ siteCode: 'LNI' }),
      makeStaff({ siteCode: 'LNI' }),
    ];
    const second = await run(rosterCsv(rows), { dryRun: true });
    expect(second).toMatchObject({
      ok: true,
      warnings: [
        'site_code "LNI" (lines 3, 4) names a new site, which this import creates. ' +
          'Check the code if you meant an existing site.',
      ],
    });
  });

  it('updates known staff by employee id and counts unchanged rows', async () => {
    const rows = makeStaffList(3);
    await run(rosterCsv(rows));
    const changed = [
      { ...rows[0], lastName: 'Nguyễn', email: 'new.address@district.test' },
      rows[1],
      { ...rows[2], status: 'leave' as const },
    ];
    const result = await run(rosterCsv(changed));
    expect(result).toMatchObject({
      ok: true,
      counts: { created: 0, updated: 2, unchanged: 1, deactivated: 0 },
    });
    const first = await staff.findByEmployeeId(rows[0].employeeId);
    expect(first).toMatchObject({ lastName: 'Nguyễn', account: { email: 'new.address@district.test' } });
    expect((await staff.findByEmployeeId(rows[2].employeeId))?.status).toBe('leave');
    expect(await count('accounts')).toBe(3);
  });

  it('lets two people swap email addresses in one file', async () => {
    const [a, b] = makeStaffList(2);
    await run(rosterCsv([a, b]));
    const result = await run(
      rosterCsv([
        { ...a, email: b.email },
        { ...b, email: a.email },
      ]),
    );
    expect(result).toMatchObject({ ok: true, counts: { updated: 2 } });
    expect((await staff.findByEmployeeId(a.employeeId))?.account?.email).toBe(b.email);
  });

  it('in sync mode marks missing staff inactive and keeps their records', async () => {
    const rows = makeStaffList(4);
    await run(rosterCsv(rows));
    const result = await run(rosterCsv(rows.slice(0, 2)), { sync: true });
    expect(result).toMatchObject({ ok: true, counts: { created: 0, unchanged: 2, deactivated: 2 } });
    expect(await count('staff')).toBe(4);
    const statuses = (await database.rows<{ status: string }>(sql`SELECT status FROM staff ORDER BY id`)).map(
      (s) => s.status,
    );
    expect(statuses).toEqual(['active', 'active', 'inactive', 'inactive']);
    // Running the same sync again changes nothing.
    expect(await run(rosterCsv(rows.slice(0, 2)), { sync: true })).toMatchObject({
      counts: { deactivated: 0 },
    });
  });

  it('without sync leaves missing staff alone', async () => {
    const rows = makeStaffList(3);
    await run(rosterCsv(rows));
    expect(await run(rosterCsv(rows.slice(0, 1)))).toMatchObject({
      counts: { unchanged: 1, deactivated: 0 },
    });
  });

  it('in a dry run reports the counts and writes nothing, not even the audit entry', async () => {
    const result = await run(rosterCsv(makeStaffList(5)), { dryRun: true });
    expect(result).toMatchObject({ ok: true, dryRun: true, counts: { created: 5 } });
    expect(await count('staff')).toBe(0);
    expect(await count('accounts')).toBe(0);
    expect(await count('sites')).toBe(0);
    expect(await count('audit_entries')).toBe(0);
  });

  it('writes nothing when one row among many is bad, and names its line', async () => {
    const rows = makeStaffList(2000);
    rows[1234] = { ...rows[1234], hireDate: '2024-02-30' };
    const result = await run(rosterCsv(rows));
    expect(result).toEqual({
      ok: false,
      warnings: [],
      errors: [{ line: 1236, column: 'hire_date', message: '"2024-02-30" is not a date written YYYY-MM-DD' }],
    });
    expect(await count('staff')).toBe(0);
    expect(await count('accounts')).toBe(0);
  });

  it('refuses an email that belongs to another staff member already in the database', async () => {
    const [a, b] = makeStaffList(2);
    await run(rosterCsv([a]));
    const result = await run(rosterCsv([{ ...b, email: a.email.toUpperCase() }]));
    expect(result).toMatchObject({
      ok: false,
      errors: [
        { line: 2, column: 'email', message: `"${a.email}" already belongs to employee ${a.employeeId}` },
      ],
    });
    expect(await count('staff')).toBe(1);
  });

  it('links a staff row to an existing account without a staff record (e.g. the bootstrap admin)', async () => {
    const accounts = new AccountsService(database, new AccountsRepository(database), audit);
    await accounts.ensureBootstrapAdmin('admin@district.test', 'a-long-admin-password');
    const row = makeStaff({ email: 'Admin@district.test' });
    const csv = rosterCsv([row]);
    // An admin's account is linked only by an admin: HR's roster would otherwise take it over.
    expect(await run(csv)).toMatchObject({ ok: false, errors: [{ line: 2, column: 'email' }] });
    expect(await count('staff')).toBe(0);
    const result = await importer.importCsv(Buffer.from(csv), { sync: false, dryRun: false }, ADMIN);
    expect(result).toMatchObject({ ok: true, counts: { created: 1 } });
    expect(await count('accounts')).toBe(1);
    const member = await staff.findByEmployeeId(row.employeeId);
    if (!member) throw new Error('the staff row was not imported');
    expect(member.account?.roles).toEqual(['learner', 'admin']);
  });

  it('records the import in the audit log with its counts', async () => {
    await run(rosterCsv(makeStaffList(3)), { sync: true });
    const [entry] = await audit.find({ action: 'staff.import' });
    expect(entry).toMatchObject({ actorEmail: HR.email, target: '3 rows' });
    expect(JSON.parse(entry.details ?? '{}')).toMatchObject({ created: 3, sync: true });
  });

  it('imports 10,000 rows in bulk statements', async () => {
    const rows = makeStaffList(10_000, (i) => ({ siteCode: `S${i % 50}` }));
    const progress: number[] = [];
    const result = await importer.importCsv(
      Buffer.from(rosterCsv(rows)),
      { sync: false, dryRun: false, onProgress: (done) => progress.push(done) },
      HR,
    );
    expect(result).toMatchObject({ ok: true, counts: { created: 10_000 } });
    expect(await count('staff')).toBe(10_000);
    expect(await count('sites')).toBe(50);
    expect(progress.at(-1)).toBe(10_000);
    // A second run of the same file is all unchanged.
    const again = await run(rosterCsv(rows));
    expect(again).toMatchObject({ ok: true, counts: { created: 0, updated: 0, unchanged: 10_000 } });
  });
});

describe('roles (real database)', () => {
  let database: Database;
  let close: () => Promise<void>;

  beforeEach(async () => ({ database, close } = await openTestDatabase()));
  afterEach(() => close());

  it('replaces roles, always keeps learner, and audits the change', async () => {
    const audit = new AuditService(new AuditRepository(database));
    const accountRows = new AccountsRepository(database);
    const accounts = new AccountsService(database, accountRows, audit);
    const importer = importerOn(database, audit, loadConfig({}));
    await importer.importCsv(
      Buffer.from(rosterCsv([makeStaff({ email: 'pat@district.test' })])),
      { sync: false, dryRun: false },
      null,
    );
    const account = await accountRows.byEmail('pat@district.test');
    if (!account) throw new Error('no account for pat@district.test');
    expect(await accounts.setRoles(account, ['hr', 'trainer'], HR, 'employee X')).toEqual([
      'learner',
      'trainer',
      'hr',
    ]);
    expect((await accounts.findById(account.id))?.roles).toEqual(['learner', 'trainer', 'hr']);
    const [entry] = await audit.find({ action: 'account.roles' });
    expect(JSON.parse(entry.details ?? '{}')).toEqual({
      before: ['learner'],
      after: ['learner', 'trainer', 'hr'],
    });
  });
});
