import { resolve } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ForbiddenException, Logger, NotFoundException } from '@nestjs/common';
import { type AppConfig, loadConfig } from '../../src/config/app-config.js';
import type { Database } from '../../src/database/database.js';
import { sql } from '../../src/database/sql.js';
import type { Principal } from '../../src/identity/principal.js';
import type { Role } from '../../src/identity/roles.js';
import { SessionsRepository } from '../../src/identity/sessions.repository.js';
import { ComplianceService } from '../../src/reports/compliance.service.js';
import { ReportsRepository } from '../../src/reports/reports.repository.js';
import { SiteAccessService } from '../../src/reports/site-access.service.js';
import { SiteLeadersRepository } from '../../src/reports/site-leaders.repository.js';
import { SiteReportService } from '../../src/reports/site-report.service.js';
import { makeStaff, rosterCsv } from '../factories/staff.factory.js';
import { learningServices } from '../support/services.js';
import { openTestDatabase } from '../support/test-database.js';

/**
 * Two sites. LIN: an active administrator (its leader), one on leave, one who has left, two teachers
 * (both overdue on the example course, due 2026-10-31). OAK: its leader and a teacher. HR is a support
 * worker at OAK with the hr role; nobody leads HQ, an office with no administrator.
 */
describe('site leaders (real queries on a database built by the migrations)', () => {
  let database: Database;
  let close: () => Promise<void>;
  let access: SiteAccessService;
  let leaders: SiteLeadersRepository;
  let compliance: ComplianceService;
  let siteReports: SiteReportService;
  const accounts = new Map<string, number>();

  const principal = (employeeId: string, roles: Role[] = ['learner']): Principal => ({
    accountId: accounts.get(employeeId) ?? -1,
    email: `${employeeId.toLowerCase()}@district.test`,
    roles,
    sessionId: 0,
  });

  beforeAll(async () => {
    Logger.overrideLogger(['error']);
    ({ database, close } = await openTestDatabase());
    const config: AppConfig = loadConfig({
      COURSES_DIR: resolve('test/fixtures/courses'),
      HEARTH_TODAY: '2026-11-23',
    });
    const { catalog, importer } = learningServices(database, config);
    const lin = { siteCode: 'LIN', siteName: 'Lincoln Elementary' };
    const oak = { siteCode: 'OAK', siteName: 'Oak Grove Elementary' };
    const roster = [
      makeStaff({ employeeId: 'A1', ...lin, jobRole: 'administrator', firstName: 'Ana', lastName: 'Lead' }),
      makeStaff({ employeeId: 'A2', ...lin, jobRole: 'administrator', status: 'leave' }),
      makeStaff({ employeeId: 'A3', ...lin, jobRole: 'administrator', status: 'inactive' }),
      makeStaff({ employeeId: 'T1', ...lin, lastName: 'Adams' }),
      makeStaff({ employeeId: 'T2', ...lin, lastName: 'Baker' }),
      makeStaff({ employeeId: 'B1', ...oak, jobRole: 'administrator', firstName: 'Bo', lastName: 'Oakes' }),
      makeStaff({ employeeId: 'T3', ...oak }),
      makeStaff({ employeeId: 'HR', ...oak, jobRole: 'support' }),
      makeStaff({ employeeId: 'C1', siteCode: 'HQ', siteName: 'District office', jobRole: 'counselor' }),
    ];
    const imported = await importer.importCsv(
      Buffer.from(rosterCsv(roster)),
      { sync: false, dryRun: false },
      null,
    );
    if (!imported.ok) throw new Error(JSON.stringify(imported.errors));
    for (const row of await database.rows<{ employeeId: string; accountId: number }>(
      sql`SELECT employee_id, account_id FROM staff`,
    ))
      accounts.set(row.employeeId, row.accountId);
    const reports = new ReportsRepository(database);
    leaders = new SiteLeadersRepository(database);
    access = new SiteAccessService(leaders, reports);
    compliance = new ComplianceService(reports, catalog, config);
    siteReports = new SiteReportService(compliance);
  }, 60_000);

  afterAll(() => close());

  it('finds the sites an account leads: an active administrator leads their own site only', async () => {
    expect((await access.sitesLedBy(principal('A1').accountId)).map((s) => s.code)).toEqual(['LIN']);
    expect((await access.sitesLedBy(principal('B1').accountId)).map((s) => s.code)).toEqual(['OAK']);
    // On leave, left the district, a teacher, an unknown account: no site.
    for (const employeeId of ['A2', 'A3', 'T1', 'NOBODY'])
      expect([employeeId, await access.sitesLedBy(principal(employeeId).accountId)]).toEqual([
        employeeId,
        [],
      ]);
  });

  it('lists every active leader of every site with their account, in one query', async () => {
    expect(await leaders.leadersOfSites()).toEqual([
      {
        siteId: expect.any(Number),
        staffId: expect.any(Number),
        siteCode: 'LIN',
        siteName: 'Lincoln Elementary',
        accountId: accounts.get('A1'),
        email: 'a1@district.test',
        firstName: 'Ana',
        lastName: 'Lead',
      },
      {
        siteId: expect.any(Number),
        staffId: expect.any(Number),
        siteCode: 'OAK',
        siteName: 'Oak Grove Elementary',
        accountId: accounts.get('B1'),
        email: 'b1@district.test',
        firstName: 'Bo',
        lastName: 'Oakes',
      },
    ]);
  });

  it('lets a leader see their site and refuses any other, without telling which exist', async () => {
    const a1 = principal('A1');
    expect(await access.siteFor(a1, 'LIN')).toMatchObject({ code: 'LIN', name: 'Lincoln Elementary' });
    expect(await access.canSee(a1, 'LIN')).toBe(true);
    await expect(access.siteFor(a1, 'OAK')).rejects.toThrow(ForbiddenException);
    // A site that does not exist gets the same answer as one that does.
    await expect(access.siteFor(a1, 'NOPE')).rejects.toThrow(ForbiddenException);
    for (const employeeId of ['A2', 'A3', 'T1']) {
      await expect(access.siteFor(principal(employeeId), 'LIN')).rejects.toThrow(ForbiddenException);
      expect(await access.canSee(principal(employeeId), 'LIN')).toBe(false);
    }
    // A trainer role does not open a site either.
    await expect(access.siteFor(principal('T1', ['learner', 'trainer']), 'LIN')).rejects.toThrow(
      ForbiddenException,
    );
  });

  it('lets HR and admins see every site, and tells them when a site does not exist', async () => {
    for (const roles of [['learner', 'hr'], ['admin']] as Role[][]) {
      const who = principal('HR', roles);
      for (const code of ['LIN', 'OAK', 'HQ']) expect(await access.canSee(who, code)).toBe(true);
      await expect(access.siteFor(who, 'NOPE')).rejects.toThrow(NotFoundException);
      expect((await access.sitesFor(who)).map((s) => s.code)).toEqual(['HQ', 'LIN', 'OAK']);
    }
    expect((await access.sitesFor(principal('A1'))).map((s) => s.code)).toEqual(['LIN']);
    expect(await access.sitesFor(principal('T1'))).toEqual([]);
  });

  it("answers a site's report with exactly HR's numbers for that site, and its overdue list", async () => {
    const lin = await access.siteFor(principal('A1'), 'LIN');
    const site = await siteReports.report(lin, { courseId: 'example' }, { offset: 0, limit: 1 });
    const hr = await compliance.report({ courseId: 'example', site: 'LIN' });
    expect(site.totals).toEqual(hr.totals);
    // The two teachers (the example course is for teachers and paraprofessionals), both overdue.
    expect(site.totals).toMatchObject({ assigned: 2, overdue: 2 });
    expect(site.groupBy).toBe('role');
    expect(site.groups.map((g) => [g.key, g.assigned])).toEqual([['teacher', 2]]);
    expect(site.site).toEqual({ code: 'LIN', name: 'Lincoln Elementary' });
    expect(site.overdue).toMatchObject({ total: 2, offset: 0, limit: 1 });
    expect(site.overdue.items.map((row) => row.employeeId)).toEqual(['T1']);
    const next = await siteReports.report(lin, { courseId: 'example' }, { offset: 1, limit: 1 });
    expect(next.overdue.items.map((row) => row.employeeId)).toEqual(['T2']);
  });

  it("exports HR's overdue CSV for the site only", async () => {
    const oak = await access.siteFor(principal('B1'), 'OAK');
    const csv = (await buffer((await siteReports.overdueCsv(oak, { courseId: 'example' })).body)).toString(
      'utf8',
    );
    const rows = csv.split('\r\n').slice(1, -1);
    expect(rows.map((line) => [line.split(',')[0], line.split(',')[4], line.split(',')[9]])).toEqual([
      ['T3', 'OAK', 'overdue'],
    ]);
  });

  it('marks a session as a site leader’s in the same lookup that resolves it', async () => {
    const sessions = new SessionsRepository(database);
    const flagOf = async (employeeId: string) => {
      const hash = `hash-${employeeId}`;
      const now = new Date();
      await sessions.open(accounts.get(employeeId) ?? -1, hash, now, new Date(now.getTime() + 60_000));
      return (await sessions.holderOf(hash))?.leadsSite;
    };
    expect(await flagOf('A1')).toBe(true);
    expect(await flagOf('A2')).toBe(false);
    expect(await flagOf('T1')).toBe(false);
  });
});
