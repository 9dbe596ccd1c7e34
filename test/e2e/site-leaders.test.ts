import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { makeStaff } from '../factories/staff.factory.js';
import { Api } from '../support/api.js';
import { PageClient } from '../support/browserless.js';
import { enrol, TEST_PASSWORD } from '../support/people.js';
import { ADMIN, startServer, type TestServer } from '../support/server.js';

const RIGHT = { q1: 'a', q2: ['a', 'c'], q3: 'a' };

interface SiteReport {
  site: { code: string; name: string };
  asOf: string;
  groupBy: string;
  totals: Record<string, number | null>;
  groups: { key: string; assigned: number }[];
  overdue: { total: number; offset: number; limit: number; items: { employeeId: string }[] };
}

/** The example course (teachers, paraprofessionals) is due 2026-10-31; today is 2026-11-23. */
describe("site leaders' view of their school over HTTP", () => {
  let server: TestServer;
  let admin: Api;
  let hr: Api;
  let leader: Api;
  let teacher: Api;

  const signedInPages = async (email: string) => {
    const pages = new PageClient(server.url);
    await pages.get('/login');
    const signedIn = await pages.post('/login', [
      ['email', email],
      ['password', TEST_PASSWORD],
      ['next', '/'],
    ]);
    expect(signedIn.status).toBe(303);
    return pages;
  };
  const csvRows = (text: string) =>
    text
      .replace(/^\uFEFF/, '')
      .split('\r\n')
      .slice(1, -1)
      .map((line) => line.split(','));

  beforeAll(async () => {
    server = await startServer({ COURSES_DIR: resolve('test/fixtures/courses'), HEARTH_TODAY: '2026-11-23' });
    admin = await new Api(server.url).login(ADMIN.email, ADMIN.password);
    const lin = { siteCode: 'LIN', siteName: 'Lincoln Elementary' };
    const oak = { siteCode: 'OAK', siteName: 'Oak Grove Elementary' };
    const people = [
      makeStaff({ employeeId: 'P1', ...lin, email: 'principal@district.test', jobRole: 'administrator' }),
      makeStaff({ employeeId: 'D1', ...lin, email: 'done@district.test', lastName: 'Done' }),
      makeStaff({ employeeId: 'L1', ...lin, email: 'late@district.test', lastName: 'Late' }),
      makeStaff({ employeeId: 'L2', ...oak, email: 'oak-late@district.test', lastName: 'Oakley' }),
      makeStaff({ employeeId: 'HR', ...oak, email: 'hr@district.test', jobRole: 'support' }),
      // HR who also leads a school (the demo district's HR and admin lead its district office).
      makeStaff({ employeeId: 'HL', ...oak, email: 'hr-lead@district.test', jobRole: 'administrator' }),
    ];
    const sessions = await enrol(admin, people, { HR: ['hr'], HL: ['hr'] });
    leader = sessions.get('principal@district.test') as Api;
    teacher = sessions.get('done@district.test') as Api;
    hr = sessions.get('hr@district.test') as Api;
    for (const module of ['welcome', 'hard-days'])
      await teacher.post(`/api/me/courses/example/modules/${module}/complete`);
    await teacher.post('/api/me/courses/example/attest');
    await teacher.post('/api/me/courses/example/quiz/attempts', { answers: RIGHT });
  }, 90_000);

  afterAll(async () => {
    await server?.stop();
  });

  it("gives a site's leader HR's numbers for their site, and nobody else's site", async () => {
    for (const filters of ['', '?courseId=example', '?courseId=example&edition=2026-27&asOf=2026-11-01']) {
      const mine = await leader.get<SiteReport>(`/api/sites/LIN/compliance${filters}`);
      expect([filters, mine.status]).toEqual([filters, 200]);
      const hrs = await hr.get<SiteReport>(`/api/reports/compliance${filters ? `${filters}&` : '?'}site=LIN`);
      expect([filters, mine.body.totals]).toEqual([filters, hrs.body.totals]);
      expect(mine.body.asOf).toBe(hrs.body.asOf);
    }
    const mine = await leader.get<SiteReport>('/api/sites/LIN/compliance?courseId=example');
    expect(mine.body.site).toEqual({ code: 'LIN', name: 'Lincoln Elementary' });
    expect(mine.body.totals).toMatchObject({ assigned: 2, completed: 1, overdue: 1, completionRate: 0.5 });
    expect(mine.body.groupBy).toBe('role');
    expect(mine.body.groups.map((g) => [g.key, g.assigned])).toEqual([['teacher', 2]]);
    expect(mine.body.overdue).toMatchObject({ total: 1, offset: 0, limit: 100 });
    expect(mine.body.overdue.items.map((row) => row.employeeId)).toEqual(['L1']);

    expect((await leader.get('/api/sites/OAK/compliance')).status).toBe(403);
    // A site that is not there looks the same as one that is not theirs.
    expect((await leader.get('/api/sites/NOPE/compliance')).status).toBe(403);
    expect((await leader.get('/api/sites/OAK/overdue.csv')).status).toBe(403);
    expect((await teacher.get('/api/sites/LIN/compliance')).status).toBe(403);
    expect((await teacher.get('/api/sites/LIN/overdue.csv')).status).toBe(403);
    expect((await admin.as(undefined).get('/api/sites/LIN/compliance')).status).toBe(401);
  });

  it('lets HR and admins see any site, and says when there is no such site', async () => {
    for (const api of [hr, admin]) {
      for (const code of ['LIN', 'OAK']) {
        const report = await api.get<SiteReport>(`/api/sites/${code}/compliance`);
        expect([code, report.status, report.body.site.code]).toEqual([code, 200, code]);
      }
      const nowhere = await api.get<{ message: string }>('/api/sites/NOPE/compliance');
      expect([nowhere.status, nowhere.body.message]).toEqual([404, 'No site with the code NOPE']);
      expect((await api.get('/api/sites/NOPE/overdue.csv')).status).toBe(404);
    }
    const oak = await hr.get<SiteReport>('/api/sites/OAK/compliance?courseId=example');
    expect(oak.body.overdue.items.map((row) => row.employeeId)).toEqual(['L2']);
  });

  it('refuses bad input with a message naming the field', async () => {
    const cases: [Api, string, string][] = [
      [hr, '/api/sites/-LIN/compliance', 'siteCode must be a site code'],
      [leader, '/api/sites/bad%20code/compliance', 'siteCode must be a site code'],
      [leader, '/api/sites/LIN/compliance?limit=0', 'limit must not be less than 1'],
      [leader, '/api/sites/LIN/compliance?limit=501', 'limit must not be greater than 500'],
      [leader, '/api/sites/LIN/compliance?offset=-1', 'offset must not be less than 0'],
      [
        leader,
        '/api/sites/LIN/compliance?asOf=2026-12-01',
        'asOf must not be after today (November 23, 2026)',
      ],
      [leader, '/api/sites/LIN/compliance?site=OAK', 'property site should not exist'],
      [leader, '/api/sites/LIN/compliance?groupBy=site', 'property groupBy should not exist'],
      [leader, '/api/sites/LIN/overdue.csv?status=completed', 'property status should not exist'],
    ];
    for (const [api, path, message] of cases) {
      const response = await api.get<{ message: string | string[] }>(path);
      expect([path, response.status, String(response.body.message)]).toEqual([
        path,
        400,
        expect.stringContaining(message),
      ]);
    }
  });

  it("streams HR's overdue CSV for the site: only its overdue rows", async () => {
    const response = await fetch(`${server.url}/api/sites/LIN/overdue.csv?courseId=example`, {
      headers: leader.authHeaders(),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(
      'attachment; filename="compliance-2026-11-23.csv"',
    );
    const text = await response.text();
    const rows = csvRows(text);
    expect(rows.map((cells) => [cells[0], cells[4], cells[9]])).toEqual([['L1', 'LIN', 'overdue']]);
    // The same bytes HR gets for that site's overdue rows.
    const hrs = await fetch(
      `${server.url}/api/reports/compliance.csv?courseId=example&site=LIN&status=overdue`,
      {
        headers: hr.authHeaders(),
      },
    );
    expect(await hrs.text()).toBe(text);
  });

  it('shows the leader their school on a page, with a My school link, and no other school', async () => {
    const pages = await signedInPages('principal@district.test');
    const home = await pages.get('/');
    expect(home.html).toContain('<a href="/site">My school</a>');
    const index = await pages.get('/site');
    expect([index.status, index.location]).toEqual([303, '/site/LIN']);

    const school = await pages.get('/site/LIN?course=example%402026-27');
    expect(school.status).toBe(200);
    expect(school.html).toContain('<h1><bdi>Lincoln Elementary</bdi></h1>');
    expect(school.html).toContain('aria-current="page">My school</a>');
    expect(school.html).toContain('<span class="total-figure">50.0%</span> completion rate');
    expect(school.html).toMatch(/<th scope="row" role="rowheader"><bdi>Teachers<\/bdi><\/th>/);
    expect(school.html).toMatch(
      /<bdi>Alex Late<\/bdi> <span class="meta">L1<\/span><\/th>\s*<td role="cell" data-label="Role">Teachers<\/td>\s*<td role="cell" data-label="Course"><span>An Example Course <span class="edition-tag">2026-27<\/span><\/span><\/td>\s*<td role="cell" data-label="Due"><span>October 31, 2026<br><span class="late">overdue by 23 days<\/span><\/span><\/td>\s*<td role="cell" data-label="Progress">Not started<\/td>/,
    );
    expect(school.html).not.toContain('Oakley');
    expect(school.html).toContain(
      // Handlebars writes = as &#x3D; in an attribute.
      '<a href="/site/LIN/overdue.csv?course&#x3D;example%402026-27">Download the overdue list (CSV)</a>',
    );
    const csv = await pages.get('/site/LIN/overdue.csv?course=example%402026-27');
    expect(csv.status).toBe(200);
    expect(csvRows(csv.html).map((cells) => cells[0])).toEqual(['L1']);

    expect((await pages.get('/site/OAK')).status).toBe(403);
    expect((await pages.get('/site/NOPE')).status).toBe(403);
    expect((await pages.get('/site/OAK/overdue.csv')).status).toBe(403);
    const beyond = await pages.get('/site/LIN?page=2');
    expect([beyond.status, beyond.html.includes('There is no page 2: the list has 1.')]).toEqual([200, true]);
    const bad = await pages.get('/site/LIN?asOf=2026-02-30');
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('The “as of” day must be a date written YYYY-MM-DD');
    const future = await pages.get('/site/LIN?asOf=2026-12-01');
    expect(future.status).toBe(400);
    expect(future.html).toContain('The “as of” day must not be after today (November 23, 2026)');
  });

  it('lists every site for HR, and has no school page for a teacher', async () => {
    const hrPages = await signedInPages('hr@district.test');
    const list = await hrPages.get('/site');
    expect(list.status).toBe(200);
    expect(list.html).toContain('<a href="/site/LIN"><bdi>Lincoln Elementary</bdi></a>');
    expect(list.html).toContain('<a href="/site/OAK"><bdi>Oak Grove Elementary</bdi></a>');
    expect((await hrPages.get('/site/OAK')).status).toBe(200);
    expect((await hrPages.get('/site/NOPE')).status).toBe(404);

    expect(list.html).not.toContain('The sites you lead');
    const leading = await (await signedInPages('hr-lead@district.test')).get('/site');
    expect(leading.html).toMatch(
      /<h2>The sites you lead<\/h2>\s*<ul>\s*<li><a href="\/site\/OAK"><bdi>Oak Grove Elementary<\/bdi><\/a>/,
    );
    expect(leading.html).toContain('<h2>Every site</h2>');

    const teacherPages = await signedInPages('done@district.test');
    expect((await teacherPages.get('/')).html).not.toContain('My school');
    expect((await teacherPages.get('/site')).status).toBe(403);
    expect((await teacherPages.get('/site/LIN')).status).toBe(403);
    expect((await new PageClient(server.url).get('/site/LIN')).status).toBe(303);
  });
});
