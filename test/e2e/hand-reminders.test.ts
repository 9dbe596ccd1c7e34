import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { makeStaff } from '../factories/staff.factory.js';
import { Api } from '../support/api.js';
import { PageClient } from '../support/browserless.js';
import { enrol, TEST_PASSWORD } from '../support/people.js';
import { ADMIN, startServer, type TestServer } from '../support/server.js';
import { startSmtp, type TestSmtp } from '../support/smtp.js';

// The example course is due 2026-10-31: everyone below is 23 days past due on this day.
const TODAY = '2026-11-23';
const COURSES = resolve('test/fixtures/courses');

const roster = () => [
  makeStaff({ employeeId: 'R1', firstName: 'Rae', email: 'rae@district.test' }),
  makeStaff({ employeeId: 'R2', firstName: 'Rob', email: 'rob@district.test' }),
  makeStaff({ employeeId: 'R3', firstName: 'Rui', email: 'rui@district.test' }),
  makeStaff({ employeeId: 'R4', firstName: 'Ria', email: 'ria@district.test' }),
  makeStaff({ employeeId: 'R9', firstName: 'Ros', email: 'ros@district.test', siteCode: 'ROO' }),
  makeStaff({ employeeId: 'RHR', email: 'remind.hr@district.test', jobRole: 'support' }),
  makeStaff({ employeeId: 'RLD', email: 'leader@district.test', jobRole: 'administrator' }),
];

/** Signs in on the pages, as a person would. */
async function signedIn(server: TestServer, email: string, next: string): Promise<PageClient> {
  const pages = new PageClient(server.url);
  await pages.get('/login');
  await pages.post('/login', [
    ['email', email],
    ['password', TEST_PASSWORD],
    ['next', next],
  ]);
  return pages;
}

/** Posts the reminder from `list`, as its button does (the form carries its CSRF token). */
async function remind(pages: PageClient, list: string, picks: string[]) {
  await pages.get(list);
  return pages.post('/reminders', [
    ...picks.map((pick): [string, string] => ['pick', pick]),
    ['reason', ''],
    ['back', list],
  ]);
}

describe('reminders sent by hand from the overdue list, through a real SMTP server', () => {
  let smtp: TestSmtp;
  let server: TestServer;
  let admin: Api;
  let hr: PageClient;

  beforeAll(async () => {
    smtp = await startSmtp();
    // The daily digests off: every message here is one sent by hand.
    server = await startServer({
      COURSES_DIR: COURSES,
      HEARTH_TODAY: TODAY,
      SMTP_URL: smtp.url,
      HEARTH_REMINDERS: 'false',
    });
    admin = await new Api(server.url).login(ADMIN.email, ADMIN.password);
    await enrol(admin, roster(), { RHR: ['hr'] });
    hr = await signedIn(server, 'remind.hr@district.test', '/hr/overdue');
  }, 90_000);

  afterAll(async () => {
    await server?.stop();
    await smtp?.close();
  });

  it('mails each person ticked once, in the reminder’s words, and says so on the list', async () => {
    const list = await hr.get('/hr/overdue?site=LIN');
    expect(list.html).toContain('formaction="/reminders"');
    expect(list.html).toContain('Send a reminder to the people ticked');

    const sent = await remind(hr, '/hr/overdue?site=LIN', ['example@2026-27:R1', 'example@2026-27:R2']);
    expect(sent.status).toBe(303);
    expect(sent.location).toBe('/hr/overdue?site=LIN&done=reminded&queued=2&skipped=0&finished=0');
    expect((await hr.get(sent.location as string)).html).toContain('Reminders queued for 2 people.');

    const mails = await smtp.waitFor(2);
    expect(mails.map((mail) => mail.to).sort()).toEqual([['rae@district.test'], ['rob@district.test']]);
    for (const mail of mails) {
      expect(mail.subject).toContain('An Example Course is 23 days past due');
      expect(mail.text).toContain('Some of your required training is past due.');
      expect(mail.text).toContain('was due 23 days ago, on October 31, 2026');
      expect(mail.text).toContain(`${server.url}/learn/example`);
      // No session, CSRF or sign-in token of the person who sent it.
      const secrets = [hr.cookie('hearth_session'), hr.cookie('hearth_csrf')];
      expect(secrets.every((secret) => (secret ?? '').length > 10)).toBe(true);
      for (const secret of secrets) expect(mail.raw).not.toContain(String(secret));
      expect(mail.raw).not.toMatch(/token=/i);
    }
    expect(mails.find((mail) => mail.to[0] === 'rae@district.test')?.text).toContain('Hello Rae,');
  });

  it('skips, and says so, whoever was already reminded by hand today', async () => {
    const again = await remind(hr, '/hr/overdue?site=LIN', [
      'example@2026-27:R1',
      'example@2026-27:R2',
      'example@2026-27:R3',
    ]);
    expect(again.location).toBe('/hr/overdue?site=LIN&done=reminded&queued=1&skipped=2&finished=0');
    expect((await hr.get(again.location as string)).html).toContain(
      'Reminder queued for 1 person. 2 people skipped: already reminded today, so nothing was sent to them.',
    );
    await smtp.waitFor(3);
    // The sender polls once a second: nothing more comes.
    await new Promise((wait) => setTimeout(wait, 2500));
    expect(smtp.received.map((mail) => mail.to[0]).sort()).toEqual([
      'rae@district.test',
      'rob@district.test',
      'rui@district.test',
    ]);
  });

  it('records each reminder in the audit log and on the Reminders page', async () => {
    const audit = await admin.get<{ actor: string; target: string; details: { courses: string[] } }[]>(
      '/api/audit?action=reminder.send',
    );
    expect(audit.body.map((entry) => entry.target).sort()).toEqual([
      'employee R1',
      'employee R2',
      'employee R3',
    ]);
    for (const entry of audit.body) {
      expect(entry.actor).toBe('remind.hr@district.test');
      expect(entry.details.courses).toEqual(['example 2026-27']);
    }
    const page = await hr.get(`/hr/reminders?day=${TODAY}`);
    expect(page.html).toContain('Reminder of 1 course, sent from an overdue list');
  });

  it('refuses nobody ticked, a pick that is no assignment and a forged post, sending nothing', async () => {
    const none = await remind(hr, '/hr/overdue', []);
    expect(none.location).toBe('/hr/overdue?error=none');
    expect((await hr.get(none.location as string)).html).toContain('Tick the people first.');
    const unknown = await remind(hr, '/hr/overdue', ['example@2026-27:R4', 'example@2026-27:NOBODY']);
    expect(unknown.status).toBe(404);
    expect(unknown.html).toContain('NOBODY is not assigned example 2026-27');
    // A back link to somewhere else is not followed.
    await hr.get('/hr/overdue');
    const elsewhere = await hr.post('/reminders', [['back', 'https://elsewhere.test/hr/overdue']]);
    expect(elsewhere.location).toBe('/hr/overdue?error=none');
    // A post from another site (no CSRF token) is refused.
    hr.lastHtml = '';
    expect((await hr.post('/reminders', [['pick', 'example@2026-27:R4']])).status).toBe(403);
    await new Promise((wait) => setTimeout(wait, 1500));
    expect(smtp.received).toHaveLength(3);
  });

  it('lets a site leader remind the people of their own site only', async () => {
    const leader = await signedIn(server, 'leader@district.test', '/site/LIN');
    const elsewhere = await remind(leader, '/site/LIN', ['example@2026-27:R4', 'example@2026-27:R9']);
    expect(elsewhere.status).toBe(403);
    expect((await remind(leader, '/site/LIN', ['example@2026-27:NOBODY'])).status).toBe(403);
    // Their school's page offers the action for its own overdue people only.
    const school = await leader.get('/site/LIN');
    expect(school.html).toContain('action="/reminders"');
    expect(school.html).toContain('value="example@2026-27:R4"');
    expect(school.html).not.toContain('value="example@2026-27:R9"');
    const own = await remind(leader, '/site/LIN', ['example@2026-27:R4']);
    expect(own.location).toBe('/site/LIN?done=reminded&queued=1&skipped=0&finished=0');
    expect((await leader.get(own.location as string)).html).toContain('Reminder queued for 1 person.');
    const [, , , ria] = await smtp.waitFor(4);
    expect(ria.to).toEqual(['ria@district.test']);
    const audit = await admin.get<{ actor: string; target: string }[]>('/api/audit?action=reminder.send');
    expect(audit.body.find((entry) => entry.target === 'employee R4')?.actor).toBe('leader@district.test');
    // A learner leads nothing.
    const learner = await signedIn(server, 'ros@district.test', '/');
    expect((await remind(learner, '/', ['example@2026-27:R9'])).status).toBe(403);
  });
});

describe('reminders by hand without mail', () => {
  let server: TestServer;
  let admin: Api;

  beforeAll(async () => {
    server = await startServer({ COURSES_DIR: COURSES, HEARTH_TODAY: TODAY, HEARTH_REMINDERS: 'false' });
    admin = await new Api(server.url).login(ADMIN.email, ADMIN.password);
    await enrol(admin, roster().slice(0, 1));
  }, 90_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('shows no reminder button and refuses the post clearly, queuing nothing', async () => {
    const pages = new PageClient(server.url);
    await pages.get('/login');
    await pages.post('/login', [
      ['email', ADMIN.email],
      ['password', ADMIN.password],
      ['next', '/hr/overdue'],
    ]);
    const list = await pages.get('/hr/overdue');
    expect(list.html).toContain('value="example@2026-27:R1"');
    expect(list.html).not.toContain('Send a reminder');
    const refused = await remind(pages, '/hr/overdue', ['example@2026-27:R1']);
    expect(refused.status).toBe(409);
    expect(refused.html).toContain('Mail is not set up (SMTP_URL is unset)');
    const outbox = await admin.get<{ items: unknown[] }>('/api/outbox?kind=reminder');
    expect(outbox.body.items).toEqual([]);
    const audit = await admin.get<unknown[]>('/api/audit?action=reminder.send');
    expect(audit.body).toEqual([]);
  });
});
