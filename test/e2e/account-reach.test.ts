import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { makeStaff, type RosterFields, rosterCsv } from '../factories/staff.factory.js';
import { Api } from '../support/api.js';
import { PageClient } from '../support/browserless.js';
import { childEnv } from '../support/child-env.js';
import { enrol, TEST_PASSWORD } from '../support/people.js';
import { ADMIN, startServer, type TestServer } from '../support/server.js';
import { built } from '../support/dist.js';

const run = promisify(execFile);

/**
 * Who may reach which account. A sign-in link (an invitation, or a new one for a forgotten password) is
 * the account itself; HR once could make one for an admin and take the account over (the probe's
 * critical finding). Also: people who leave stop signing in, the last admin stays, chosen passwords.
 */
describe('sign-in links, roster links and accounts out of HR’s reach', () => {
  let server: TestServer;
  let admin: Api;
  let hr: Api;
  let anonymous: Api;
  const dir = mkdtempSync(join(tmpdir(), 'hearth-reach-'));
  const person = (employeeId: string, extra: Partial<RosterFields> = {}) =>
    makeStaff({ employeeId, email: `${employeeId.toLowerCase()}@district.test`, ...extra });
  const people = [person('HR1'), person('AD2'), person('TR1'), person('LE1'), person('LE2'), person('HR2')];

  beforeAll(async () => {
    server = await startServer();
    anonymous = new Api(server.url);
    admin = await anonymous.login(ADMIN.email, ADMIN.password);
    const sessions = await enrol(admin, people, {
      HR1: ['hr'],
      AD2: ['admin'],
      TR1: ['trainer'],
      HR2: ['hr'],
    });
    hr = sessions.get('hr1@district.test') as Api;
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const invite = (as: Api, employeeId: string) =>
    as.post<{ token: string; message: string }>('/api/auth/invitations', { employeeId });
  const importAs = (as: Api, rows: RosterFields[], query = '') =>
    as.post<{ errors: { line: number; column: string; message: string }[] }>(
      `/api/staff/import${query}`,
      rosterCsv(rows),
      'text/csv',
    );

  it('lets HR make a sign-in link for a learner only; an admin for anyone', async () => {
    for (const target of ['AD2', 'TR1', 'HR2']) {
      const refused = await invite(hr, target);
      expect([target, refused.status]).toEqual([target, 403]);
      expect(refused.body.message).toMatch(
        /^Only an admin can make a sign-in link for an account with the roles /,
      );
    }
    expect((await invite(hr, 'LE1')).status).toBe(201);
    const forAdmin = await invite(admin, 'AD2');
    expect(forAdmin.status).toBe(201);
    // Every link made is audited: for whom and by whom.
    const entries = (
      await admin.get<{ actor: string; target: string }[]>('/api/audit?action=invitation.create')
    ).body;
    expect(entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ actor: 'hr1@district.test', target: 'employee LE1' }),
        expect.objectContaining({ actor: ADMIN.email, target: 'employee AD2' }),
      ]),
    );
    expect(
      entries.some((entry) => entry.actor === 'hr1@district.test' && entry.target !== 'employee LE1'),
    ).toBe(false);
  });

  it('does the same on HR’s staff page: no button, a reason, and 403 when posted anyway', async () => {
    const pages = new PageClient(server.url);
    await pages.get('/login');
    await pages.post('/login', [
      ['email', 'hr1@district.test'],
      ['password', TEST_PASSWORD],
    ]);
    const record = await pages.get('/hr/staff/AD2');
    expect(record.status).toBe(200);
    expect(record.html).not.toContain('action="/hr/staff/AD2/invitation"');
    expect(record.html).toContain(
      'Only an admin can make a sign-in link for this account: it has the roles admin.',
    );
    expect((await pages.post('/hr/staff/AD2/invitation', [])).status).toBe(403);
    const learner = await pages.get('/hr/staff/LE2');
    expect(learner.html).toContain('action="/hr/staff/LE2/invitation"');
  });

  it('never lets HR’s roster attach a staff record to, or move the e-mail of, an account above learner', async () => {
    // The bootstrap admin has no staff record yet: a row with its e-mail would make it that person's.
    const takeover = await importAs(hr, [person('ZZ1', { email: ADMIN.email })]);
    expect(takeover.status).toBe(422);
    expect(takeover.body.errors).toEqual([
      {
        line: 2,
        column: 'email',
        message: `"${ADMIN.email}" is the sign-in of an account with the roles admin: only an admin can import a staff record for it (signed in, on the Import roster page or the API)`,
      },
    ]);
    // Moving an admin's e-mail to one HR controls would hand them the password-reset mail later.
    const moved = await importAs(hr, [person('AD2', { email: 'hr1-alias@district.test' })]);
    expect(moved.status).toBe(422);
    expect(moved.body.errors[0]).toMatchObject({
      line: 2,
      column: 'email',
      message:
        'employee AD2 signs in as "ad2@district.test", an account with the roles admin: only an admin can change its e-mail',
    });
    // Nothing was written: still one staff member fewer than accounts, and the admin signs in as before.
    expect((await admin.get<{ total: number }>('/api/staff?q=ZZ1')).body.total).toBe(0);
    expect((await anonymous.login('ad2@district.test', TEST_PASSWORD)) instanceof Api).toBe(true);
    // An admin may link the bootstrap account to its staff record.
    expect((await importAs(admin, [person('ADM', { email: ADMIN.email })])).status).toBe(200);
    expect((await invite(hr, 'ADM')).status).toBe(403);
  });

  it('leaves accounts above learner out of the command line’s links, and says so', async () => {
    // A new trainer with no password yet, and a new learner.
    await importAs(admin, [person('TR9'), person('LE9')]);
    expect((await admin.put('/api/staff/TR9/roles', { roles: ['trainer'] })).status).toBe(200);
    const out = join(dir, 'links.csv');
    const done = await run(process.execPath, [built('src/cli/main.js'), 'invitations', '--out', out], {
      env: childEnv({ DATABASE_URL: server.db.url, PUBLIC_URL: server.url }),
    });
    expect(done.stdout).toContain(`Wrote 1 sign-in link to ${out}.`);
    expect(done.stdout).toContain(
      'Left out 1 person whose account has a role above learner: an admin makes those links, signed in, on the staff page.',
    );
  });

  it('refuses a password that is the e-mail, a common one, or the demo’s', async () => {
    for (const [password, says] of [
      ['le2@district.test', 'password must not be your e-mail address'],
      ['Password1234', 'password is one of the most common passwords: choose another'],
      ['hearth-demo-2026', 'password is one of the most common passwords: choose another'],
      ['aaaaaaaaaaaaaaaa', 'password must not be one character repeated'],
    ]) {
      const link = await invite(hr, 'LE2');
      const refused = await anonymous.post<{ message: string[] }>('/api/auth/accept-invitation', {
        token: link.body.token,
        password,
      });
      expect([password, refused.status, refused.body.message]).toEqual([password, 400, [says]]);
    }
  });

  it('stops people who have left from signing in, ends their sessions, and lets them back on return', async () => {
    const le1 = await anonymous.login('le1@district.test', TEST_PASSWORD);
    const hr2 = await anonymous.login('hr2@district.test', TEST_PASSWORD);
    expect((await hr2.get('/api/staff')).status).toBe(200);
    const leaving = [person('LE1', { status: 'inactive' }), person('HR2', { status: 'inactive' })];
    expect((await importAs(hr, leaving)).status).toBe(200);
    expect((await le1.get('/api/me')).status).toBe(401);
    expect((await hr2.get('/api/staff')).status).toBe(401);
    expect((await hr2.get('/api/reports/compliance.csv')).status).toBe(401);
    for (const email of ['le1@district.test', 'hr2@district.test'])
      expect((await anonymous.post('/api/auth/login', { email, password: TEST_PASSWORD })).status).toBe(401);
    const link = await invite(admin, 'LE1');
    expect([link.status, link.body.message]).toEqual([
      409,
      'employee LE1 has left (roster status inactive): no sign-in link is made',
    ]);
    // Back on the roster: the same password and roles work again.
    await importAs(hr, [person('LE1'), person('HR2')]);
    const back = await anonymous.login('hr2@district.test', TEST_PASSWORD);
    expect((await back.get<{ roles: string[] }>('/api/me')).body.roles).toEqual(['learner', 'hr']);
  });

  it('keeps the last admin who can sign in an admin', async () => {
    expect((await admin.put('/api/staff/AD2/roles', { roles: [] })).status).toBe(200);
    const last = await admin.put<{ message: string }>('/api/staff/ADM/roles', { roles: ['hr'] });
    expect([last.status, last.body.message]).toEqual([
      409,
      'employee ADM is the only admin who can sign in: make someone else an admin first, or nobody could grant roles',
    ]);
    expect((await admin.get<{ roles: string[] }>('/api/me')).body.roles).toContain('admin');
  });
});
