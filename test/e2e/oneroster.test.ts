import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Api } from '../support/api.js';
import { type OneRosterPerson, oneRosterFiles, zipOf } from '../support/oneroster.js';
import { rawRequest } from '../support/raw-http.js';
import { ADMIN, startServer, type TestServer } from '../support/server.js';

interface ImportError {
  file: string;
  line: number;
  column: string;
  message: string;
}
interface Listed {
  items: {
    employeeId: string;
    firstName: string;
    jobRole: string;
    siteCode: string;
    siteName: string;
    status: string;
    hireDate: string;
  }[];
  total: number;
}

const PEOPLE: OneRosterPerson[] = [
  {
    sourcedId: 'u-t1',
    identifier: 'E1001',
    givenName: 'Ana',
    familyName: 'Reyes',
    email: 'ana.reyes@district.test',
    role: 'teacher',
    org: 'org-lin',
    beginDate: '2019-08-12',
  },
  {
    sourcedId: 'u-a1',
    identifier: 'E1002',
    givenName: 'Ben',
    familyName: 'Ortiz',
    email: 'ben.ortiz@district.test',
    role: 'aide',
    org: 'org-lin',
    beginDate: '2022-01-10',
  },
  {
    sourcedId: 'u-c1',
    identifier: 'E1003',
    givenName: 'Chen',
    familyName: 'Li',
    email: 'chen.li@district.test',
    role: 'counselor',
    org: 'org-was',
    beginDate: '2020-08-01',
  },
  {
    sourcedId: 'u-p1',
    identifier: 'E1004',
    givenName: 'Dana',
    familyName: 'Wolfe',
    email: 'dana.wolfe@district.test',
    role: 'principal',
    org: 'org-was',
  },
  {
    sourcedId: 'u-t2',
    identifier: 'E1005',
    givenName: 'Eli',
    familyName: 'Stone',
    email: 'eli.stone@district.test',
    role: 'teacher',
    org: 'org-was',
    beginDate: '2015-08-15',
    status: 'tobedeleted',
  },
  {
    sourcedId: 'u-s1',
    givenName: 'Finn',
    familyName: 'Reyes',
    email: 'finn@students.test',
    role: 'student',
    org: 'org-lin',
  },
  {
    sourcedId: 'u-g1',
    givenName: 'Gia',
    familyName: 'Reyes',
    email: 'gia@family.test',
    role: 'guardian',
    org: 'org-lin',
  },
];

describe('OneRoster 1.2 import (the whole app over HTTP)', () => {
  let server: TestServer;
  let admin: Api;
  const post = (zip: Buffer, query = '') =>
    admin.post<{ errors?: ImportError[]; created?: number; dryRun?: boolean; warnings?: string[] }>(
      `/api/staff/import/oneroster${query}`,
      zip,
      'application/zip',
    );

  beforeAll(async () => {
    server = await startServer({ HEARTH_TODAY: '2026-09-01' });
    admin = await new Api(server.url).login(ADMIN.email, ADMIN.password);
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('plans a dry run that writes nothing, then imports the staff: no students or guardians', async () => {
    const dry = await post(zipOf(oneRosterFiles(PEOPLE)), '?dryRun=true');
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ created: 5, dryRun: true });
    expect(dry.body.warnings).toContain(
      'skipped 2 users who are students, parents, guardians or relatives (not staff)',
    );
    expect(dry.body.warnings).toContain(
      '1 staff have no beginDate on their role in roles.csv: their hire date is taken as 2000-01-01, so no new-hire due date applies to them',
    );
    expect((await admin.get<Listed>('/api/staff')).body.total).toBe(0);

    const done = await post(zipOf(oneRosterFiles(PEOPLE)));
    expect(done.body).toMatchObject({ created: 5, dryRun: false });
    const staff = (await admin.get<Listed>('/api/staff?pageSize=50')).body.items;
    const byId = new Map(staff.map((s) => [s.employeeId, s]));
    expect([...byId.keys()].sort()).toEqual(['E1001', 'E1002', 'E1003', 'E1004', 'E1005']);
    expect(byId.get('E1001')).toMatchObject({
      jobRole: 'teacher',
      siteCode: 'LIN',
      siteName: 'Lincoln Elementary',
      hireDate: '2019-08-12',
      status: 'active',
    });
    expect(byId.get('E1002')).toMatchObject({ jobRole: 'paraprofessional' });
    expect(byId.get('E1003')).toMatchObject({ jobRole: 'counselor', siteCode: 'WAS' });
    expect(byId.get('E1004')).toMatchObject({ jobRole: 'administrator', hireDate: '2000-01-01' });
    // tobedeleted: kept, with their records, but inactive.
    expect(byId.get('E1005')).toMatchObject({ status: 'inactive' });
  });

  it('syncs: someone gone from the package is deactivated, as with the roster CSV', async () => {
    const result = await post(
      zipOf(oneRosterFiles(PEOPLE.filter((p) => p.sourcedId !== 'u-c1'))),
      '?mode=sync',
    );
    expect(result.body).toMatchObject({ created: 0, deactivated: 1 });
    const counselor = (await admin.get<Listed>('/api/staff?q=E1003')).body.items[0];
    expect(counselor.status).toBe('inactive');
  });

  it('refuses a bad e-mail with its file, line and column, and writes nothing', async () => {
    const people = [
      ...PEOPLE,
      { ...PEOPLE[0], sourcedId: 'u-t9', identifier: 'E1009', email: 'not-an-email' },
    ];
    const result = await post(zipOf(oneRosterFiles(people)));
    expect(result.status).toBe(422);
    expect(result.body.errors).toEqual([
      { file: 'users.csv', line: 9, column: 'email', message: '"not-an-email" is not an email address' },
    ]);
    expect((await admin.get<Listed>('/api/staff?q=E1009')).body.total).toBe(0);
  });

  it('names a role that is no OneRoster role and an org missing from orgs.csv at their lines', async () => {
    const people = [
      { ...PEOPLE[0], role: 'janitor' },
      { ...PEOPLE[1], org: 'org-nowhere' },
    ];
    const result = await post(zipOf(oneRosterFiles(people)));
    expect(result.status).toBe(422);
    expect(result.body.errors).toEqual([
      expect.objectContaining({
        file: 'roles.csv',
        line: 2,
        column: 'role',
        message: expect.stringContaining('"janitor" is not a OneRoster 1.2 role'),
      }),
      {
        file: 'roles.csv',
        line: 3,
        column: 'orgSourcedId',
        message: '"org-nowhere" is not an org in orgs.csv',
      },
    ]);
  });

  it('refuses a package without manifest.csv, or with its files in a folder', async () => {
    const { 'manifest.csv': _manifest, ...rest } = oneRosterFiles(PEOPLE);
    const result = await post(zipOf(rest));
    expect(result.status).toBe(422);
    expect(result.body.errors).toEqual([
      { file: 'manifest.csv', line: 0, column: '', message: 'the package has no manifest.csv' },
    ]);
    const nested = Object.fromEntries(
      Object.entries(oneRosterFiles(PEOPLE)).map(([name, body]) => [`export/${name}`, body]),
    );
    const folder = await post(zipOf(nested));
    expect(folder.body.errors?.[0].message).toBe(
      'the package has no manifest.csv (found export/manifest.csv: the files must be at the top of the ZIP, not in a folder)',
    );
  });

  it('refuses a path that leaves the package, a ZIP bomb, a body over the limit and a body that is no ZIP', async () => {
    const escaping = await post(zipOf({ ...oneRosterFiles(PEOPLE), '../users.csv': 'sourcedId\n' }));
    expect(escaping.status).toBe(422);
    expect(escaping.body.errors?.[0].message).toMatch(
      /^the ZIP cannot be read: invalid relative path: \.\.\/users\.csv/,
    );
    // 130 MB of one byte packs into about 130 KB.
    const bomb = zipOf(
      { ...oneRosterFiles(PEOPLE), 'users.csv': new Uint8Array(130 * 1024 * 1024).fill(0x41) },
      1,
    );
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const exploded = await post(bomb);
    expect(exploded.status).toBe(422);
    expect(exploded.body.errors?.[0].message).toBe(
      'users.csv would unpack to 136,314,880 bytes, more than a roster can be: refused',
    );
    // 100 MB announced, not sent: refused by size before any of it is read (sent, the server's early
    // close could reset the connection before its answer is read).
    const huge = await rawRequest(
      server.url,
      'POST',
      '/api/staff/import/oneroster',
      { ...admin.authHeaders(), 'content-type': 'application/zip' },
      Buffer.alloc(100 * 1024 * 1024),
      { announceOnly: true },
    );
    expect(huge.status).toBe(413);
    const notZip = await post(Buffer.from('employee_id,first_name\n'));
    expect(notZip.status).toBe(422);
    expect(notZip.body.errors?.[0].message).toMatch(/^the body is not a ZIP file/);
    expect((await admin.get<Listed>('/api/staff')).body.total).toBe(5);
  }, 60_000);
});
