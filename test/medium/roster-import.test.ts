import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../../src/config/app-config.js';
import { AuditEntry } from '../../src/audit/audit-entry.entity.js';
import { AuditService } from '../../src/audit/audit.service.js';
import { Account } from '../../src/identity/account.entity.js';
import { AccountsService } from '../../src/identity/accounts.service.js';
import type { Role } from '../../src/identity/roles.js';
import { RosterImportService } from '../../src/staff/roster-import.service.js';
import { Site } from '../../src/staff/site.entity.js';
import { StaffMember } from '../../src/staff/staff-member.entity.js';
import { StaffRepository } from '../../src/staff/staff.repository.js';
import { makeStaff, makeStaffList, rosterCsv } from '../factories/staff.factory.js';
import { openTestDatabase } from '../support/test-database.js';

const HR = { accountId: 0, email: 'hr@district.test', roles: ['learner', 'hr'] as Role[] };
const ADMIN = { accountId: 0, email: 'admin@district.test', roles: ['learner', 'admin'] as Role[] };

describe('roster import (real database built by the migrations)', () => {
  let dataSource: DataSource;
  let close: () => Promise<void>;
  let importer: RosterImportService;
  let staff: StaffRepository;
  let audit: AuditService;

  beforeEach(async () => {
    ({ dataSource, close } = await openTestDatabase());
    audit = new AuditService(dataSource.getRepository(AuditEntry));
    staff = new StaffRepository(dataSource);
    importer = new RosterImportService(dataSource, staff, audit, loadConfig({ HEARTH_TODAY: '2026-11-23' }));
  });
  afterEach(() => close());

  const run = (csv: string, options: { sync?: boolean; dryRun?: boolean } = {}) =>
    importer.importCsv(
      Buffer.from(csv),
      { sync: options.sync ?? false, dryRun: options.dryRun ?? false },
      HR,
    );
  const count = (entity: typeof StaffMember | typeof Account | typeof Site | typeof AuditEntry) =>
    dataSource.getRepository(entity).count();

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
    expect(await count(StaffMember)).toBe(3);
    const accounts = await dataSource.getRepository(Account).find();
    expect(accounts.map((a) => a.roles)).toEqual([['learner'], ['learner'], ['learner']]);
    expect(accounts.every((a) => a.passwordHash === null)).toBe(true);
    const sites = await dataSource.getRepository(Site).find({ order: { code: 'ASC' } });
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
    expect(await count(Account)).toBe(3);
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
    expect(await count(StaffMember)).toBe(4);
    const statuses = (await dataSource.getRepository(StaffMember).find({ order: { id: 'ASC' } })).map(
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
    expect(await count(StaffMember)).toBe(0);
    expect(await count(Account)).toBe(0);
    expect(await count(Site)).toBe(0);
    expect(await count(AuditEntry)).toBe(0);
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
    expect(await count(StaffMember)).toBe(0);
    expect(await count(Account)).toBe(0);
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
    expect(await count(StaffMember)).toBe(1);
  });

  it('links a staff row to an existing account without a staff record (e.g. the bootstrap admin)', async () => {
    const accounts = new AccountsService(dataSource.getRepository(Account), audit);
    await accounts.ensureBootstrapAdmin('admin@district.test', 'a-long-admin-password');
    const csv = rosterCsv([makeStaff({ email: 'Admin@district.test' })]);
    // An admin's account is linked only by an admin: HR's roster would otherwise take it over.
    expect(await run(csv)).toMatchObject({ ok: false, errors: [{ line: 2, column: 'email' }] });
    expect(await count(StaffMember)).toBe(0);
    const result = await importer.importCsv(Buffer.from(csv), { sync: false, dryRun: false }, ADMIN);
    expect(result).toMatchObject({ ok: true, counts: { created: 1 } });
    expect(await count(Account)).toBe(1);
    const member = await dataSource
      .getRepository(StaffMember)
      .findOneOrFail({ where: {}, relations: { account: true } });
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
    expect(await count(StaffMember)).toBe(10_000);
    expect(await count(Site)).toBe(50);
    expect(progress.at(-1)).toBe(10_000);
    // A second run of the same file is all unchanged.
    const again = await run(rosterCsv(rows));
    expect(again).toMatchObject({ ok: true, counts: { created: 0, updated: 0, unchanged: 10_000 } });
  });
});

describe('roles (real database)', () => {
  let dataSource: DataSource;
  let close: () => Promise<void>;

  beforeEach(async () => ({ dataSource, close } = await openTestDatabase()));
  afterEach(() => close());

  it('replaces roles, always keeps learner, and audits the change', async () => {
    const audit = new AuditService(dataSource.getRepository(AuditEntry));
    const accounts = new AccountsService(dataSource.getRepository(Account), audit);
    const importer = new RosterImportService(
      dataSource,
      new StaffRepository(dataSource),
      audit,
      loadConfig({}),
    );
    await importer.importCsv(
      Buffer.from(rosterCsv([makeStaff({ email: 'pat@district.test' })])),
      { sync: false, dryRun: false },
      null,
    );
    const account = await dataSource.getRepository(Account).findOneByOrFail({ email: 'pat@district.test' });
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
