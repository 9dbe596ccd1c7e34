import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { makeStaff, rosterCsv } from '../factories/staff.factory.js';
import { Api } from '../support/api.js';
import { childEnv } from '../support/child-env.js';
import { enrol } from '../support/people.js';
import { ADMIN, startServer, type TestServer } from '../support/server.js';
import { built } from '../support/dist.js';

const run = promisify(execFile);

describe('hearth invitations: sign-in links for everyone without a password, for a mail merge', () => {
  let server: TestServer;
  let admin: Api;
  const dir = mkdtempSync(join(tmpdir(), 'hearth-links-'));

  beforeAll(async () => {
    server = await startServer();
    admin = await new Api(server.url).login(ADMIN.email, ADMIN.password);
    // P4 already set a password; P1 and P2 (on leave) have none; P3 has left the district.
    await enrol(admin, [makeStaff({ employeeId: 'P4', email: 'p4@district.test' })]);
    const roster = [
      makeStaff({ employeeId: 'P1', email: 'p1@district.test', lastName: 'Zapata', siteCode: 'LIN' }),
      makeStaff({
        employeeId: 'P2',
        email: 'p2@district.test',
        lastName: '=Alvarez',
        siteCode: 'LIN',
        status: 'leave',
      }),
      makeStaff({ employeeId: 'P3', email: 'p3@district.test', siteCode: 'LIN', status: 'inactive' }),
    ];
    const imported = await admin.post('/api/staff/import', rosterCsv(roster), 'text/csv');
    if (imported.status !== 200) throw new Error(`import failed: ${imported.status}`);
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes a private CSV of working one-time links, each audited', async () => {
    const out = join(dir, 'links.csv');
    const done = await run(process.execPath, [built('src/cli/main.js'), 'invitations', '--out', out], {
      env: childEnv({ DATABASE_URL: server.db.url, PUBLIC_URL: server.url }),
    });
    expect(done.stdout).toContain(`Wrote 2 sign-in links to ${out}.`);
    expect(statSync(out).mode & 0o777).toBe(0o600);

    const [header, ...rows] = readFileSync(out, 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(header).toBe('employee_id,first_name,last_name,email,site_code,link,expires_on');
    expect(rows.map((row) => row.split(',')[0])).toEqual(['P2', 'P1']);
    // A formula-like name is made safe for a spreadsheet.
    expect(rows[0].split(',')[2]).toBe("'=Alvarez");
    const link = rows[1].split(',')[5];
    expect(link).toMatch(new RegExp(`^${server.url}/invitations/accept\\?token=[\\w-]+$`));

    const token = new URL(link).searchParams.get('token');
    const anonymous = admin.as(undefined);
    expect(
      (await anonymous.post('/api/auth/accept-invitation', { token, password: 'a long new password' }))
        .status,
    ).toBeLessThan(300);
    expect(
      (
        await anonymous.post('/api/auth/login', {
          email: 'p1@district.test',
          password: 'a long new password',
        })
      ).status,
    ).toBe(200);

    const audit = await admin.get<{ action: string; target: string }[]>(
      '/api/audit?action=invitation.create',
    );
    expect(audit.body.map((entry) => entry.target).sort()).toEqual([
      'employee P1',
      'employee P2',
      'employee P4',
    ]);

    // Run again: only P2 is still without a password.
    const again = await run(process.execPath, [built('src/cli/main.js'), 'invitations', '--out', out], {
      env: childEnv({ DATABASE_URL: server.db.url, PUBLIC_URL: server.url }),
    });
    expect(again.stdout).toContain('Wrote 1 sign-in link to');
  }, 30_000);
});
