import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { makeStaff, rosterCsv, type RosterFields } from '../factories/staff.factory.js';
import { Api } from '../support/api.js';
import { PageClient } from '../support/browserless.js';
import { childEnv } from '../support/child-env.js';
import { built } from '../support/dist.js';
import { ADMIN, startServer, type TestServer } from '../support/server.js';
import { startSmtp, type TestSmtp } from '../support/smtp.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const run = promisify(execFile);

// The shipped healing-centered course is due 2026-10-31 (CARMA 2027-01-31): a week before, on a Saturday.
const WEEK_BEFORE = '2026-10-24';
const MONDAY_AFTER = '2026-11-02';

const person = (employeeId: string, extra: Partial<RosterFields> = {}) =>
  makeStaff({ employeeId, email: `${employeeId.toLowerCase()}@district.test`, ...extra });

const lincoln = { siteCode: 'LIN', siteName: 'Lincoln Elementary' };
const roosevelt = { siteCode: 'ROO', siteName: 'Roosevelt High' };

const ROSTER = [
  person('L1', lincoln),
  person('L2', roosevelt),
  person('A1', { ...lincoln, jobRole: 'administrator', firstName: 'Grace', lastName: 'Hopper' }),
  person('A2', { ...roosevelt, jobRole: 'administrator' }),
  person('LV', { ...lincoln, status: 'leave' }),
  person('X1', { ...lincoln, status: 'inactive' }),
  person('E1', lincoln),
  person('N1', { ...lincoln, hireDate: '2026-10-20' }),
];

describe('reminders through a real SMTP server', () => {
  let smtp: TestSmtp;
  let db: TestDatabase;
  let server: TestServer;
  let admin: Api;

  /** The server, as the mail sender; its own daily run is off unless `env` turns it on. */
  const serve = (today: string, env: Record<string, string> = {}) =>
    startServer({ SMTP_URL: smtp.url, HEARTH_TODAY: today, HEARTH_REMINDERS: 'false', ...env }, { db });

  const remindersRun = (today: string, ...args: string[]) =>
    run(process.execPath, [built('src/cli/main.js'), 'reminders', 'run', ...args], {
      env: childEnv({
        DATABASE_URL: db.url,
        PUBLIC_URL: server.url,
        SMTP_URL: smtp.url,
        HEARTH_TODAY: today,
        HEARTH_REMINDERS: 'true',
      }),
    });

  /** No more mail arrives than `count` for a while (the sender polls once a second). */
  const settled = async (count: number) => {
    await new Promise((wait) => setTimeout(wait, 2500));
    expect(smtp.received.length).toBe(count);
  };

  beforeAll(async () => {
    smtp = await startSmtp();
    db = await createTestDatabase();
    server = await serve(WEEK_BEFORE);
    admin = await new Api(server.url).login(ADMIN.email, ADMIN.password);
    const imported = await admin.post('/api/staff/import', rosterCsv(ROSTER), 'text/csv');
    if (imported.status !== 200) throw new Error(`import: ${imported.status}`);
    const exempt = await admin.post('/api/staff/E1/exemptions', {
      courseId: 'healing-centered',
      edition: '2026-27',
      reason: 'Took the same training at her last district',
    });
    if (exempt.status !== 201) throw new Error(`exemption: ${exempt.status}`);
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    await smtp?.close();
    await db?.drop();
  });

  it('sends one digest to each pending learner a week before the due date, and none to anyone else', async () => {
    const done = await remindersRun(WEEK_BEFORE);
    expect(done.stdout).toContain(
      `Reminders for ${WEEK_BEFORE}: 4 learner digest(s) and 0 site digest(s) queued`,
    );
    const received = await smtp.waitFor(4);
    // Not on leave, not inactive, not the exempt one, not the new hire (due 30 days after starting).
    expect(received.map((message) => message.to[0]).sort()).toEqual([
      'a1@district.test',
      'a2@district.test',
      'l1@district.test',
      'l2@district.test',
    ]);
    const grace = received.find((message) => message.to[0] === 'a1@district.test');
    expect(grace?.subject).toBe('Hearth School District training: 2 training courses are due soon');
    expect(grace?.text).toContain('Hello Grace,');
    expect(grace?.text).toContain('due in 7 days, on October 31, 2026');
    expect(grace?.text).toContain('due in 99 days, on January 31, 2027');
    expect(grace?.text).toContain(`${server.url}/learn/healing-centered`);
    expect(grace?.html).toContain(`href="${server.url}/learn/carma"`);
    await settled(4);
  });

  it('sends nothing the second time the day is run, from the command line or a restarted server', async () => {
    const again = await remindersRun(WEEK_BEFORE);
    expect(again.stdout).toContain(`The reminders for ${WEEK_BEFORE} were already sent`);
    await server.stop();
    server = await serve(WEEK_BEFORE, { HEARTH_REMINDERS: 'true', HEARTH_REMINDER_HOUR: '0' });
    admin = await new Api(server.url).login(ADMIN.email, ADMIN.password);
    await settled(4);
    const future = await remindersRun(WEEK_BEFORE, '--date', '2026-10-25').then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(future.code).toBe(2);
    expect(future.stderr).toContain('--date must be a day written YYYY-MM-DD, today (2026-10-24) or earlier');
  });

  it('shows HR the reminders a person was sent, and admins the messages in the outbox', async () => {
    const pages = new PageClient(server.url);
    await pages.get('/login');
    await pages.post(
      '/login',
      [
        ['email', ADMIN.email],
        ['password', ADMIN.password],
      ],
      '/login',
    );
    const { html } = await pages.get('/hr/staff/L1');
    expect(html).toContain('Reminders sent');
    expect(html).toMatch(
      /October 24, 2026: Reminder of 2 courses, “Hearth School District training: 2 training courses are due soon” · Sent/,
    );
    const outbox = await admin.get<{ items: { to: string; status: string }[] }>('/api/outbox?kind=reminder');
    expect(outbox.body.items.map((item) => item.status)).toEqual(['sent', 'sent', 'sent', 'sent']);
  });

  it("runs by itself in the server, and on Monday gives each site leader their own site's digest", async () => {
    await server.stop();
    server = await serve(MONDAY_AFTER, { HEARTH_REMINDERS: 'true', HEARTH_REMINDER_HOUR: '0' });
    admin = await new Api(server.url).login(ADMIN.email, ADMIN.password);
    const received = await smtp.waitFor(6);
    const digests = received.slice(4);
    expect(digests.map((message) => message.to[0]).sort()).toEqual(['a1@district.test', 'a2@district.test']);
    const grace = digests.find((message) => message.to[0] === 'a1@district.test');
    expect(grace?.subject).toMatch(
      /^Hearth School District training at Lincoln Elementary: 0\.0% complete, \d+ past due$/,
    );
    // HR's numbers for the site, exactly.
    const hr = await admin.get<{ totals: Record<string, number> }>('/api/reports/compliance?site=LIN');
    const { assigned, exempt, completed, overdue } = hr.body.totals;
    expect(grace?.text).toContain(`Completion rate: 0.0% (${completed} of ${assigned - exempt} required)`);
    expect(grace?.text).toMatch(new RegExp(`Past due: ${overdue}\r?\n`));
    expect(overdue).toBeGreaterThan(0);
    // Lincoln's people past due (healing-centered), and nobody of Roosevelt's.
    const name = (employeeId: string) => {
      const member = ROSTER.find((r) => r.employeeId === employeeId) as RosterFields;
      return `${member.firstName} ${member.lastName}, `;
    };
    expect(grace?.text).toContain(name('L1'));
    expect(grace?.text).toContain(name('A1'));
    expect(grace?.text).not.toContain(name('L2'));
    expect(grace?.text).not.toContain(name('N1'));
    expect(grace?.text).toContain(`${server.url}/site/LIN`);
    await settled(6);
    // Grace follows the link: her own site's page, and no other.
    const invitation = await admin.post<{ token: string }>('/api/auth/invitations', { employeeId: 'A1' });
    const password = 'a-long-password-for-grace';
    await new Api(server.url).post('/api/auth/accept-invitation', { token: invitation.body.token, password });
    const leader = await new Api(server.url).login('a1@district.test', password);
    const own = await leader.get<{ totals: Record<string, number> }>('/api/sites/LIN/compliance');
    expect(own.status).toBe(200);
    expect(own.body.totals).toEqual(hr.body.totals);
    expect((await leader.get('/api/sites/ROO/compliance')).status).toBe(403);
  });
});
