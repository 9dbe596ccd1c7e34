import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { makeStaff } from '../factories/staff.factory.js';
import { Api } from '../support/api.js';
import { PageClient } from '../support/browserless.js';
import { enrol, finishExampleCourse, TEST_PASSWORD } from '../support/people.js';
import { ADMIN, startServer, type TestServer } from '../support/server.js';

/** Secrets the server is configured with: none may reach a page, even in part. */
const SECRETS = { smtpUser: 'Qx7mailer', smtpPassword: 'Zr9Kp2Wv', clientSecret: 'Hb4Tn8Yc3Lq' };

const PEOPLE = [
  makeStaff({ employeeId: 'L1', firstName: 'José', lastName: 'Begay', email: 'jose@district.test' }),
  makeStaff({
    employeeId: 'L2',
    firstName: 'Ana',
    lastName: 'Álvarez',
    siteCode: 'OAK',
    siteName: 'Oak Grove',
  }),
  makeStaff({ employeeId: 'HR1', email: 'hr@district.test', jobRole: 'support' }),
  makeStaff({ employeeId: 'TR1', email: 'trainer@district.test', jobRole: 'support' }),
  makeStaff({ employeeId: 'AD2', email: 'second-admin@district.test', jobRole: 'support' }),
];

/** A page client signed in through the sign-in form; where the sign-in sent it. */
async function signIn(server: TestServer, email: string, password: string, next?: string) {
  const pages = new PageClient(server.url);
  await pages.get('/login');
  const answer = await pages.post('/login', [
    ['email', email],
    ['password', password],
    ...(next ? ([['next', next]] as [string, string][]) : []),
  ]);
  return { pages, status: answer.status, location: answer.location };
}

/** An attribute as written by Handlebars, which writes & and = as entities. */
const unescaped = (text: string) => text.replace(/&amp;/g, '&').replace(/&#x3D;/g, '=');

const rowsOf = (html: string) => (html.match(/<tr role="row">/g) ?? []).length - 1;

describe('the admin’s pages, each role’s home, and finding people and certificates', () => {
  let server: TestServer;
  let admin: Api;
  let hr: Api;
  let learner: Api;

  beforeAll(async () => {
    server = await startServer({
      COURSES_DIR: resolve('test/fixtures/courses'),
      HEARTH_TODAY: '2026-09-01',
      HEARTH_REMINDERS: 'false',
      SMTP_URL: `smtp://${SECRETS.smtpUser}:${SECRETS.smtpPassword}@127.0.0.1:9`,
      OIDC_ISSUER: 'https://login.district.test',
      OIDC_CLIENT_ID: 'hearth',
      OIDC_CLIENT_SECRET: SECRETS.clientSecret,
    });
    admin = await new Api(server.url).login(ADMIN.email, ADMIN.password);
    const sessions = await enrol(admin, PEOPLE, { HR1: ['hr'], TR1: ['trainer'] });
    hr = sessions.get('hr@district.test') as Api;
    learner = sessions.get('jose@district.test') as Api;
  }, 90_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('lands each role on its own home after signing in, unless a page was asked for', async () => {
    const landings = await Promise.all(
      [
        ['jose@district.test', TEST_PASSWORD],
        ['trainer@district.test', TEST_PASSWORD],
        ['hr@district.test', TEST_PASSWORD],
        [ADMIN.email, ADMIN.password],
      ].map(async ([email, password]) => (await signIn(server, email, password)).location),
    );
    expect(landings).toEqual(['/', '/trainer/courses', '/hr', '/admin/people']);
    // The page asked for wins; "/" asks for nothing more than the person's home.
    expect((await signIn(server, 'hr@district.test', TEST_PASSWORD, '/certificates')).location).toBe(
      '/certificates',
    );
    const home = await signIn(server, 'hr@district.test', TEST_PASSWORD, '/');
    expect(home.location).toBe('/hr');
    // Someone already signed in who opens the sign-in page goes to their home too.
    expect((await home.pages.get('/login')).location).toBe('/hr');
  });

  it('grants and removes a role on the People page, audited the same way as the API', async () => {
    const { pages } = await signIn(server, ADMIN.email, ADMIN.password);
    const found = await pages.get('/admin/people?q=jose+begay');
    expect(found.status).toBe(200);
    const accountId = /href="\/admin\/people\/(\d+)"><bdi>Begay<\/bdi>/.exec(found.html)?.[1];
    expect(accountId).toBeDefined();
    await pages.get(`/admin/people/${accountId}`);
    const granted = await pages.post(`/admin/people/${accountId}/roles`, [
      ['roles', 'trainer'],
      ['roles', 'hr'],
    ]);
    expect([granted.status, granted.location]).toEqual([303, `/admin/people/${accountId}?done=saved`]);
    expect((await pages.get(granted.location as string)).html).toContain(
      'Roles saved: learner, trainer, hr.',
    );
    const listed = await admin.get<{ items: { employeeId: string; roles: string[] }[] }>('/api/staff?q=L1');
    expect(listed.body.items.map((item) => [item.employeeId, item.roles])).toEqual([
      ['L1', ['learner', 'trainer', 'hr']],
    ]);
    // The role takes effect on the person's next request.
    expect((await learner.get('/api/staff')).status).toBe(200);

    await pages.get(`/admin/people/${accountId}`);
    const removed = await pages.post(`/admin/people/${accountId}/roles`, []);
    expect(removed.status).toBe(303);
    expect((await learner.get('/api/staff')).status).toBe(403);
    const audit = await admin.get<
      { actor: string; action: string; target: string; details: { before: string[]; after: string[] } }[]
    >('/api/audit?action=account.roles&limit=2');
    expect(audit.body.map((e) => [e.actor, e.target, e.details.before, e.details.after])).toEqual([
      [ADMIN.email, 'employee L1', ['learner', 'trainer', 'hr'], ['learner']],
      [ADMIN.email, 'employee L1', ['learner'], ['learner', 'trainer', 'hr']],
    ]);
  });

  it('refuses the People pages and their form to HR, even with a good form token', async () => {
    const { pages } = await signIn(server, 'hr@district.test', TEST_PASSWORD);
    expect((await pages.get('/admin/people')).status).toBe(403);
    await pages.get('/hr/staff');
    expect((await pages.post('/admin/people/1/roles', [['roles', 'admin']])).status).toBe(403);
    const roles = await admin.get<{ items: { roles: string[] }[] }>('/api/staff?q=HR1');
    expect(roles.body.items[0].roles).toEqual(['learner', 'hr']);
  });

  it('refuses a role that does not exist, naming the problem', async () => {
    const { pages } = await signIn(server, ADMIN.email, ADMIN.password);
    await pages.get('/admin/people/1');
    const refused = await pages.post('/admin/people/1/roles', [['roles', 'superuser']]);
    expect(refused.status).toBe(400);
    expect(refused.html).toContain('Choose roles from the list.');
  });

  it('shows the audit log with filters and pages of 50, newest first', async () => {
    // 60 more entries: the learner's trainer role granted and taken away 30 times.
    for (let i = 0; i < 30; i++) {
      await admin.put('/api/staff/L2/roles', { roles: ['trainer'] });
      await admin.put('/api/staff/L2/roles', { roles: [] });
    }
    const { pages } = await signIn(server, ADMIN.email, ADMIN.password);
    const first = await pages.get('/admin/audit?action=account.roles');
    expect(first.status).toBe(200);
    expect(rowsOf(first.html)).toBe(50);
    expect(first.html).toContain('Entries 1 to 50, newest first');
    // Handlebars writes & and = in an href as entities.
    const older = /href="([^"]*)">Older entries/
      .exec(first.html)?.[1]
      ?.replace(/&amp;/g, '&')
      .replace(/&#x3D;/g, '=');
    expect(older).toBeDefined();
    expect(older).toBe('/admin/audit?action=account.roles&offset=50');
    const second = await pages.get(older as string);
    expect(rowsOf(second.html)).toBeGreaterThan(10);
    expect(second.html).toContain('Newer entries');
    // By who acted, and by day: HR made no role change; nothing happened on a later day.
    expect((await pages.get('/admin/audit?action=account.roles&actor=hr%40district.test')).html).toContain(
      'No entries match these filters.',
    );
    expect((await pages.get('/admin/audit?from=2099-01-01')).html).toContain(
      'No entries match these filters.',
    );
    const bad = await pages.get('/admin/audit?actor=not-an-email&from=2026-02-30');
    expect(bad.status).toBe(200);
    expect(bad.html).toContain('Please fix the following');
    // The API pages the same way.
    const api = await admin.get<{ id: number }[]>('/api/audit?action=account.roles&limit=2&offset=1');
    const all = await admin.get<{ id: number }[]>('/api/audit?action=account.roles&limit=3');
    expect(api.body.map((e) => e.id)).toEqual(all.body.slice(1).map((e) => e.id));
  });

  it('shows the configuration in force, and no secret in it', async () => {
    const { pages } = await signIn(server, ADMIN.email, ADMIN.password);
    const page = await pages.get('/admin/configuration');
    expect(page.status).toBe(200);
    expect(page.html).toContain('smtp://(credentials hidden)@127.0.0.1:9');
    expect(page.html).toContain('https://login.district.test');
    for (const secret of [...Object.values(SECRETS), ADMIN.password]) expect(page.html).not.toContain(secret);
    expect((page.html.match(/Set \(hidden\)/g) ?? []).length).toBe(2);
  });

  it('finds staff accents and case aside, by full name, with filters, sorting and pages', async () => {
    const ids = async (query: string) =>
      (await hr.get<{ items: { employeeId: string }[] }>(`/api/staff?${query}`)).body.items.map(
        (item) => item.employeeId,
      );
    expect(await ids('q=jose')).toEqual(['L1']);
    expect(await ids('q=JOSE%20BEGAY')).toEqual(['L1']);
    expect(await ids(`q=${encodeURIComponent('Begay, José')}`)).toEqual(['L1']);
    expect(await ids('q=alvarez')).toEqual(['L2']);
    expect(await ids('q=jose%20alvarez')).toEqual([]);
    expect(await ids('site=OAK')).toEqual(['L2']);
    expect(await ids('sort=employeeId&order=desc&pageSize=2')).toEqual(['TR1', 'L2']);
    expect(await ids('sort=employeeId&pageSize=2&page=2')).toEqual(['L1', 'L2']);
    expect((await hr.get('/api/staff?sort=salary')).status).toBe(400);

    const { pages } = await signIn(server, 'hr@district.test', TEST_PASSWORD);
    const page = await pages.get('/hr/staff?q=jose&sort=site&order=desc');
    expect(page.status).toBe(200);
    expect(page.html).toContain('<bdi>Begay</bdi>, <bdi>José</bdi>');
    expect(page.html).not.toContain('Álvarez');
    expect(page.html).toContain('aria-sort="descending"');
    // Each header keeps the search; the sorted one turns the order round.
    const links = [...page.html.matchAll(/href="([^"]*)"/g)].map((m) => unescaped(m[1]));
    expect(links).toEqual(expect.arrayContaining(['/hr/staff?q=jose&sort=site', '/hr/staff?q=jose']));
    // What the form sends with its selects left on "All …": no filter, no error.
    const plain = await pages.get('/hr/staff?q=jose&site=&role=&status=');
    expect([plain.html.includes('Please fix'), plain.html.includes('<bdi>Begay</bdi>')]).toEqual([
      false,
      true,
    ]);
    const bad = await pages.get('/hr/staff?status=retired');
    expect([bad.status, bad.html.includes('The status must be one of')]).toEqual([200, true]);
  });

  it('finds a certificate by its serial typed in lower case, or without its hyphens', async () => {
    const serial = await finishExampleCourse(learner);
    const { pages } = await signIn(server, 'hr@district.test', TEST_PASSWORD);
    for (const typed of [serial.toLowerCase(), serial.replace(/-/g, ''), serial.replace(/-/g, ' ')]) {
      const page = await pages.get(`/hr/certificates?q=${encodeURIComponent(typed)}`);
      // A check symbol may be =, which Handlebars writes as an entity.
      expect({ typed, found: unescaped(page.html).includes(`<code>${serial}</code>`) }).toEqual({
        typed,
        found: true,
      });
    }
  });

  // Last: it changes who the admins are.
  it('keeps the last admin who can sign in, on the page as on the API', async () => {
    const { pages } = await signIn(server, ADMIN.email, ADMIN.password);
    const list = await pages.get('/admin/people');
    expect(list.html).toContain('Accounts not on the roster');
    const self = /href="\/admin\/people\/(\d+)"><bdi>admin@hearth\.test<\/bdi>/.exec(list.html)?.[1];
    expect(self).toBeDefined();
    await pages.get(`/admin/people/${self}`);
    const refused = await pages.post(`/admin/people/${self}/roles`, []);
    expect(refused.status).toBe(409);
    expect(refused.html).toContain('is the only admin who can sign in');

    // With a second admin, the first may step down; then the second is the last, and the API agrees.
    expect((await admin.put('/api/staff/AD2/roles', { roles: ['admin'] })).status).toBe(200);
    await pages.get(`/admin/people/${self}`);
    const stepped = await pages.post(`/admin/people/${self}/roles`, []);
    expect([stepped.status, stepped.location]).toEqual([303, '/']);
    const second = await new Api(server.url).login('second-admin@district.test', TEST_PASSWORD);
    expect((await second.put('/api/staff/AD2/roles', { roles: [] })).status).toBe(409);
  });
});
