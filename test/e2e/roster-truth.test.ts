import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { makeStaff, rosterCsv } from '../factories/staff.factory.js';
import { Api } from '../support/api.js';
import { PageClient } from '../support/browserless.js';
import { ADMIN, startServer, type TestServer } from '../support/server.js';

interface ImportBody {
  created: number;
  warnings: string[];
}

interface Compliance {
  groups: { key: string; name: string; assigned: number }[];
}

/**
 * The roster import says what is true of a job role it does not know (the shipped courses are for all
 * staff, so a bus driver is assigned both), and the reports' role filter offers every role their
 * by-role figures show.
 */
describe('a job role outside HEARTH_JOB_ROLES', () => {
  let server: TestServer;
  let admin: Api;
  const driver = makeStaff({ employeeId: 'BUS1', jobRole: 'bus driver', firstName: 'Rosa' });
  const teacher = makeStaff({ employeeId: 'T1' });

  beforeAll(async () => {
    // The shipped courses (audience: all), both in force on this day.
    server = await startServer({ HEARTH_TODAY: '2026-11-23' });
    admin = await new Api(server.url).login(ADMIN.email, ADMIN.password);
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('is imported with a warning that names the courses for all staff it still gets, never "no course"', async () => {
    const dryRun = await admin.post<ImportBody>(
      '/api/staff/import?dryRun=true',
      rosterCsv([teacher, driver]),
      'text/csv',
    );
    expect(dryRun.status).toBe(200);
    expect(dryRun.body.warnings).toEqual([
      'job_role "bus driver" (line 3) is not one of teacher, paraprofessional, counselor, administrator, ' +
        'support: these staff get only the courses for all staff (CARMA: Culture, Agency, Relationships, ' +
        'Meaning, Aspiration; Healing-Centered Practice), none of those for particular roles. Check the spelling.',
    ]);
    expect(JSON.stringify(dryRun.body)).not.toContain('no course');

    const imported = await admin.post<ImportBody>(
      '/api/staff/import',
      rosterCsv([teacher, driver]),
      'text/csv',
    );
    expect(imported.body.created).toBe(2);
    // And it is true: both courses are assigned to the bus driver.
    const byRole = await admin.get<Compliance>('/api/reports/compliance?groupBy=role');
    expect(byRole.body.groups.find((g) => g.key === 'bus driver')).toMatchObject({
      name: 'bus driver',
      assigned: 2,
    });
  });

  it('can be chosen in the Role filter, on the page and in the API, like every role the table shows', async () => {
    const filtered = await admin.get<Compliance>('/api/reports/compliance?groupBy=role&role=bus%20driver');
    expect(filtered.status).toBe(200);
    expect(filtered.body.groups.map((g) => g.key)).toEqual(['bus driver']);
    // A role nobody holds and nobody configured is still refused, naming the roles there are.
    const typo = await admin.get<{ message: string[] }>('/api/reports/compliance?role=janitor');
    expect(typo.status).toBe(400);
    expect(JSON.stringify(typo.body)).toContain(
      'role must be one of teacher, paraprofessional, counselor, administrator, support, bus driver',
    );

    const pages = new PageClient(server.url);
    await pages.get('/login');
    await pages.post('/login', [
      ['email', ADMIN.email],
      ['password', ADMIN.password],
      ['next', '/'],
    ]);
    const page = await pages.get('/hr?groupBy=role&role=bus+driver');
    expect(page.status).toBe(200);
    expect(page.html).toContain('<option value="bus driver" selected>bus driver</option>');
  });
});
