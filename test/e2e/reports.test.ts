import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { makeStaff } from '../factories/staff.factory.js';
import { Api } from '../support/api.js';
import { PageClient } from '../support/browserless.js';
import { enrol, TEST_PASSWORD } from '../support/people.js';
import { ADMIN, startServer, type TestServer } from '../support/server.js';

const RIGHT = { q1: 'a', q2: ['a', 'c'], q3: 'a' };
const ROUTES = [
  '/api/reports/compliance?courseId=example',
  '/api/reports/compliance.csv?courseId=example',
  '/api/reports/compliance.pdf?courseId=example',
];

describe('reports over HTTP', () => {
  let server: TestServer;
  let admin: Api;
  let hr: Api;
  let trainer: Api;
  let learner: Api;

  beforeAll(async () => {
    server = await startServer({ COURSES_DIR: resolve('test/fixtures/courses'), HEARTH_TODAY: '2026-11-23' });
    admin = await new Api(server.url).login(ADMIN.email, ADMIN.password);
    const people = [
      makeStaff({ employeeId: 'L1', email: 'learner@district.test', siteCode: 'LIN' }),
      makeStaff({ employeeId: 'L2', email: 'late@district.test', siteCode: 'OAK', siteName: 'Oak Grove' }),
      makeStaff({ employeeId: 'TR', email: 'trainer@district.test', jobRole: 'support' }),
      makeStaff({ employeeId: 'HR', email: 'hr@district.test', jobRole: 'support' }),
    ];
    const sessions = await enrol(admin, people, { TR: ['trainer'], HR: ['hr'] });
    learner = sessions.get('learner@district.test') as Api;
    trainer = sessions.get('trainer@district.test') as Api;
    hr = sessions.get('hr@district.test') as Api;
    for (const module of ['welcome', 'hard-days'])
      await learner.post(`/api/me/courses/example/modules/${module}/complete`);
    await learner.post('/api/me/courses/example/attest');
    await learner.post('/api/me/courses/example/quiz/attempts', { answers: { ...RIGHT, q1: 'b' } });
    await learner.post('/api/me/courses/example/quiz/attempts', { answers: RIGHT });
  }, 90_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('lets HR and admins read the compliance reports, and refuses learners, trainers and strangers', async () => {
    for (const route of ROUTES) {
      expect([route, (await learner.get(route)).status]).toEqual([route, 403]);
      expect([route, (await trainer.get(route)).status]).toEqual([route, 403]);
      expect([route, (await admin.as(undefined).get(route)).status]).toEqual([route, 401]);
      expect([route, (await hr.get(route)).status]).toEqual([route, 200]);
      expect([route, (await admin.get(route)).status]).toEqual([route, 200]);
    }
    expect((await learner.get('/api/reports/quiz-items?courseId=example')).status).toBe(403);
    expect((await trainer.get('/api/reports/quiz-items?courseId=example')).status).toBe(200);
  });

  it('answers the compliance JSON in the contract shape', async () => {
    const report = await hr.get<{ asOf: string; totals: object; groups: object[] }>(
      '/api/reports/compliance?courseId=example&edition=2026-27',
    );
    expect(report.body.asOf).toBe('2026-11-23');
    expect(report.body.totals).toEqual({
      assigned: 2,
      completed: 1,
      inProgress: 0,
      notStarted: 0,
      overdue: 1,
      exempt: 0,
      completionRate: 0.5,
    });
    expect(report.body.groups).toEqual([
      expect.objectContaining({ key: 'LIN', assigned: 1, completed: 1, completionRate: 1 }),
      expect.objectContaining({ key: 'OAK', name: 'Oak Grove', assigned: 1, overdue: 1, completionRate: 0 }),
    ]);
  });

  it('streams the CSV with a byte order mark, a header row and a file name with the date', async () => {
    const response = await fetch(`${server.url}/api/reports/compliance.csv?courseId=example`, {
      headers: hr.authHeaders(),
    });
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(
      'attachment; filename="compliance-2026-11-23.csv"',
    );
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').split('\r\n');
    expect(lines[0]).toMatch(/^employee_id,first_name,/);
    expect(lines.slice(1, -1).map((line) => line.split(',')[9])).toEqual(['completed', 'overdue']);
  });

  it('refuses bad filters with a message naming the field', async () => {
    const cases: [string, number, string][] = [
      ['asOf=2026-02-30', 400, 'asOf must be a date written YYYY-MM-DD'],
      ['asOf=2026-12-01', 400, 'asOf must not be after today (November 23, 2026)'],
      ['groupBy=school', 400, 'groupBy must be site or role'],
      [
        'role=janitor',
        400,
        'role must be one of teacher, paraprofessional, counselor, administrator, support',
      ],
      ['courseId=../etc', 400, 'courseId must be a course id'],
      ['edition=2026-27', 400, 'edition needs courseId'],
      ['courseId=nope', 404, 'No course nope'],
      ['colour=red', 400, 'property colour should not exist'],
    ];
    for (const [query, status, message] of cases) {
      const response = await hr.get<{ message: string | string[] }>(`/api/reports/compliance?${query}`);
      expect([query, response.status, String(response.body.message)]).toEqual([
        query,
        status,
        expect.stringContaining(message),
      ]);
    }
  });

  it('gives trainers the quiz-item statistics', async () => {
    const items = await trainer.get<{ attempts: number; questions: { id: string; correct: number }[] }>(
      '/api/reports/quiz-items?courseId=example&edition=2026-27',
    );
    expect(items.body.attempts).toBe(2);
    expect(items.body.questions.map((q) => [q.id, q.correct])).toEqual([
      ['q1', 1],
      ['q2', 2],
      ['q3', 2],
    ]);
    expect((await trainer.get('/api/reports/quiz-items')).status).toBe(400);
  });

  it('lets HR exempt someone and lift it again, both in the audit log', async () => {
    const path = '/api/staff/L2/exemptions';
    expect(
      (await hr.post(path, { courseId: 'example', edition: '2026-27', reason: 'Long-term substitute' }))
        .status,
    ).toBe(201);
    const exempt = await hr.get<{ totals: { exempt: number; overdue: number } }>(
      '/api/reports/compliance?courseId=example',
    );
    expect(exempt.body.totals).toMatchObject({ exempt: 1, overdue: 0 });
    expect((await learner.request('DELETE', `${path}/example/2026-27`)).status).toBe(403);
    const lifted = await hr.request('DELETE', `${path}/example/2026-27`);
    expect([lifted.status, lifted.body]).toEqual([
      200,
      { employeeId: 'L2', courseId: 'example', edition: '2026-27', exempt: false },
    ]);
    expect((await hr.request('DELETE', `${path}/example/2026-27`)).status).toBe(404);
    const audit = await admin.get<{ action: string }[]>('/api/audit?action=assignment.exemption_lifted');
    expect(audit.body).toHaveLength(1);
  });
  it('keeps the HR pages and their forms when a filter is bad, and names it in words', async () => {
    const pages = new PageClient(server.url);
    await pages.get('/login');
    await pages.post('/login', [
      ['email', 'hr@district.test'],
      ['password', TEST_PASSWORD],
      ['next', '/'],
    ]);
    const dashboard = await pages.get('/hr?asOf=2026-02-30&site=OAK');
    expect(dashboard.status).toBe(400);
    expect(dashboard.html).toContain('The “as of” day must be a date written YYYY-MM-DD');
    expect(dashboard.html).toContain('<form method="get" action="/hr"');
    expect(dashboard.html).toMatch(/<option value="OAK" selected>/);

    const nowhere = await pages.get('/hr?site=NOPE');
    expect([nowhere.status, nowhere.html.includes('There is no site with the code NOPE.')]).toEqual([
      400,
      true,
    ]);

    const overdue = await pages.get('/hr/overdue?course=example%402026-27&site=OAK&page=2');
    expect(overdue.status).toBe(200);
    expect(overdue.html).toContain('There is no page 2: the list has 1.');
    expect(overdue.html).toContain('<bdi>Oak Grove</bdi> (OAK)');

    const staff = await pages.get('/hr/staff?page=0&q=late');
    expect(staff.status).toBe(200);
    expect(staff.html).toContain('The page number must not be less than 1');
    expect(staff.html).toContain('<td>L2</td>');
  });
});

describe('the overdue list’s bulk exemption, over HTTP', () => {
  let server: TestServer;
  let hr: Api;
  let admin: Api;
  let pages: PageClient;

  beforeAll(async () => {
    server = await startServer({ COURSES_DIR: resolve('test/fixtures/courses'), HEARTH_TODAY: '2026-11-23' });
    admin = await new Api(server.url).login(ADMIN.email, ADMIN.password);
    const people = [
      makeStaff({ employeeId: 'B1', firstName: 'Bea', email: 'bea@district.test' }),
      makeStaff({ employeeId: 'B2', firstName: 'Bo', email: 'bo@district.test' }),
      makeStaff({ employeeId: 'B3', firstName: 'Bel', email: 'bel@district.test' }),
      makeStaff({ employeeId: 'BHR', email: 'bulk.hr@district.test', jobRole: 'support' }),
    ];
    hr = (await enrol(admin, people, { BHR: ['hr'] })).get('bulk.hr@district.test') as Api;
    pages = new PageClient(server.url);
    await pages.get('/login');
    await pages.post('/login', [
      ['email', 'bulk.hr@district.test'],
      ['password', TEST_PASSWORD],
      ['next', '/hr/overdue'],
    ]);
  }, 90_000);

  afterAll(async () => {
    await server?.stop();
  });

  const overdue = async () =>
    (
      await hr.get<{ totals: { overdue: number; exempt: number } }>(
        '/api/reports/compliance?courseId=example',
      )
    ).body.totals;

  it('exempts the people ticked with one reason, all or none, each in the audit log', async () => {
    const list = await pages.get('/hr/overdue?site=LIN');
    expect(list.html).toContain('value="example@2026-27:B1"');
    // From the list each time, as a person would (the form carries its CSRF token).
    const post = async (picks: string[], reason: string) => {
      await pages.get('/hr/overdue?site=LIN');
      return pages.post('/hr/staff/exemptions', [
        ...picks.map((pick): [string, string] => ['pick', pick]),
        ['reason', reason],
        ['back', '/hr/overdue?site=LIN'],
      ]);
    };

    // A reason too short, nobody ticked, or one pick that is not an assignment: nothing changes.
    expect((await post(['example@2026-27:B1'], 'no')).location).toBe('/hr/overdue?site=LIN&error=reason');
    expect((await post([], 'On leave of absence')).location).toBe('/hr/overdue?site=LIN&error=none');
    expect((await post(['example@2026-27:B1', 'example@2026-27:NOBODY'], 'On leave of absence')).status).toBe(
      404,
    );
    expect(await overdue()).toMatchObject({ overdue: 3, exempt: 0 });

    const done = await post(['example@2026-27:B1', 'example@2026-27:B2'], 'Long-term substitute cover');
    expect(done.location).toBe('/hr/overdue?site=LIN&done=exempted&count=2');
    expect((await pages.get(done.location as string)).html).toContain(
      '2 people exempted, with the reason given.',
    );
    expect(await overdue()).toMatchObject({ overdue: 1, exempt: 2 });
    const audit = await admin.get<{ target: string; details: { reason: string } }[]>(
      '/api/audit?action=assignment.exempt',
    );
    expect(audit.body.map((item) => [item.target, item.details.reason]).sort()).toEqual([
      ['employee B1', 'Long-term substitute cover'],
      ['employee B2', 'Long-term substitute cover'],
    ]);
  });
});
