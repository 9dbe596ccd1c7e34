import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { makeStaff, rosterCsv } from '../factories/staff.factory.js';
import { Api } from '../support/api.js';
import { PageClient } from '../support/browserless.js';
import { enrol, TEST_PASSWORD } from '../support/people.js';
import { ADMIN, freePort, startServer, type TestServer } from '../support/server.js';

const RIGHT = { q1: 'a', q2: ['a', 'c'], q3: 'a' };
const PASSWORD = 'a community password';

interface Created {
  id: number;
  code: string;
  url: string;
}

describe('community cohorts over HTTP', () => {
  let server: TestServer;
  let hr: Api;
  let anonymous: Api;
  let fall: Created;
  let spring: Created;
  let rosa: Api;
  let serial: string;

  const join = (code: string, email: string, firstName = 'Rosa', lastName = 'Medina') =>
    anonymous.post<{ accessToken: string; message?: string }>('/api/auth/join', {
      code,
      email,
      firstName,
      lastName,
      password: PASSWORD,
    });

  beforeAll(async () => {
    server = await startServer({ COURSES_DIR: resolve('test/fixtures/courses'), HEARTH_TODAY: '2026-11-23' });
    anonymous = new Api(server.url);
    const admin = await anonymous.login(ADMIN.email, ADMIN.password);
    const sessions = await enrol(
      admin,
      [
        makeStaff({ employeeId: 'L1', email: 'teacher@district.test', siteCode: 'LIN' }),
        makeStaff({ employeeId: 'HR', email: 'hr@district.test', jobRole: 'support', siteCode: 'LIN' }),
      ],
      { HR: ['hr'] },
    );
    hr = sessions.get('hr@district.test') as Api;
  }, 90_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('lets HR create a cohort, checking its courses, closing day and name', async () => {
    const made = await hr.post<Created>('/api/cohorts', {
      name: 'Family and community partners, fall 2026',
      courseIds: ['example'],
      closesOn: '2026-12-18',
    });
    expect(made.status).toBe(201);
    fall = made.body;
    expect(fall.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(fall.url).toBe(`${server.url}/join/${fall.code}`);

    const unknown = await hr.post<{ message: string[] }>('/api/cohorts', {
      name: 'X',
      courseIds: ['example', 'no-such-course'],
      closesOn: '2026-12-18',
    });
    expect([unknown.status, unknown.body.message]).toEqual([
      422,
      ['courseIds: there is no published course "no-such-course"'],
    ]);
    const past = await hr.post<{ message: string[] }>('/api/cohorts', {
      name: 'X',
      courseIds: ['example'],
      closesOn: '2026-11-22',
    });
    expect([past.status, past.body.message]).toEqual([
      400,
      ['closesOn must not be in the past (today is November 23, 2026)'],
    ]);
    const long = await hr.post<{ message: string[] }>('/api/cohorts', {
      name: 'x'.repeat(201),
      courseIds: ['example'],
      closesOn: '2026-12-18',
    });
    expect([long.status, long.body.message]).toEqual([400, ['name must be at most 200 characters']]);
    const notADay = await hr.post('/api/cohorts', {
      name: 'X',
      courseIds: ['example'],
      closesOn: '2026-02-30',
    });
    expect(notADay.status).toBe(400);
    const listed = await hr.get<{ id: number; learners: number; open: boolean }[]>('/api/cohorts');
    expect(listed.body.map((c) => [c.id, c.learners, c.open])).toEqual([[fall.id, 0, true]]);
  });

  it('joins with a good code however it is typed, with only the cohort’s courses, due as for a new hire', async () => {
    const joined = await join(fall.code.toLowerCase().replace(/-/g, ' '), 'Rosa@Example.org');
    expect(joined.status).toBe(201);
    expect(joined.headers.get('set-cookie')).toMatch(/hearth_session=/);
    rosa = anonymous.as(joined.body.accessToken);
    const mine =
      await rosa.get<{ courseId: string; dueDate: string; status: string; modulesTotal: number }[]>(
        '/api/me/assignments',
      );
    expect(mine.body).toEqual([
      expect.objectContaining({
        courseId: 'example',
        dueDate: '2026-12-23',
        status: 'not_started',
        modulesTotal: 2,
      }),
    ]);
    const me = await rosa.get<{ roles: string[]; community: boolean; staff: unknown }>('/api/me');
    expect([me.body.roles, me.body.community, me.body.staff]).toEqual([['learner'], true, null]);
  });

  it('completes a course and earns a certificate like staff, verified and printed without a staff row', async () => {
    for (const module of ['welcome', 'hard-days'])
      expect((await rosa.post(`/api/me/courses/example/modules/${module}/complete`)).status).toBe(200);
    expect((await rosa.post('/api/me/courses/example/attest')).status).toBe(200);
    const done = await rosa.post<{ completion: { certificateSerial: string } }>(
      '/api/me/courses/example/quiz/attempts',
      {
        answers: RIGHT,
      },
    );
    serial = done.body.completion.certificateSerial;
    expect(serial).toMatch(/^[0-9A-Z]{4}-/);
    const certificates = await rosa.get<{ serial: string }[]>('/api/me/certificates');
    expect(certificates.body.map((c) => c.serial)).toEqual([serial]);
    const verified = await anonymous.get<{ valid: boolean; holderName: string; courseTitle: string }>(
      `/api/verify/${serial}`,
    );
    expect(verified.body).toEqual(
      expect.objectContaining({ valid: true, holderName: 'Rosa Medina', courseTitle: 'An Example Course' }),
    );
    const pdf = await fetch(`${server.url}/api/certificates/${serial}.pdf`, { headers: rosa.authHeaders() });
    expect([pdf.status, pdf.headers.get('content-type')]).toEqual([200, 'application/pdf']);
    const page = await fetch(`${server.url}/verify/${serial}`);
    expect(await page.text()).toContain('Rosa Medina');
    const transcript = await rosa.get<{ employeeId: string | null; name: string; totalHours: number }>(
      '/api/me/transcript',
    );
    expect(transcript.body).toEqual(
      expect.objectContaining({ employeeId: null, name: 'Rosa Medina', totalHours: 0.5 }),
    );
    // Another learner cannot have Rosa's PDF; HR can.
    expect(
      (await fetch(`${server.url}/api/certificates/${serial}.pdf`, { headers: hr.authHeaders() })).status,
    ).toBe(200);
  });

  it('refuses a wrong code the same way whether it is malformed or unknown, and an e-mail already in use', async () => {
    const unknown = await join('ZZZZ-ZZZZ-ZZZZ', 'someone@example.org');
    const malformed = await join('hello', 'someone@example.org');
    expect([unknown.status, malformed.status]).toEqual([400, 400]);
    expect(unknown.body.message).toBe(malformed.body.message);
    expect(unknown.body.message).toMatch(/does not match any cohort/);
    const taken = await join(fall.code, 'teacher@district.test');
    expect(taken.status).toBe(409);
    expect(taken.body.message).toMatch(/already has a Hearth account/);
    expect((await hr.get<{ learners: number }>(`/api/cohorts/${fall.id}`)).body.learners).toBe(1);
  });

  it('stops new joins when a cohort closes, and keeps what people started', async () => {
    spring = (
      await hr.post<Created>('/api/cohorts', {
        name: 'Spring partners',
        courseIds: ['example'],
        closesOn: '2027-03-01',
      })
    ).body;
    const ana = anonymous.as((await join(spring.code, 'ana@example.org', 'Ana', 'Díaz')).body.accessToken);
    expect((await ana.post('/api/me/courses/example/modules/welcome/complete')).status).toBe(200);
    expect((await join(fall.code, 'sam@example.org', 'Sam', 'Lee')).status).toBe(201);
    const closed = await hr.post<{ open: boolean; closedOn: string }>(`/api/cohorts/${spring.id}/close`);
    expect([closed.status, closed.body.open, closed.body.closedOn]).toEqual([200, false, '2026-11-23']);
    const late = await join(spring.code, 'late@example.org');
    expect([late.status, late.body.message]).toEqual([
      410,
      'This cohort closed on November 23, 2026, so it takes no new members. If you joined before, sign in as usual.',
    ]);
    // Ana signs in again and goes on.
    const again = await anonymous.login('ana@example.org', PASSWORD);
    expect((await again.post('/api/me/courses/example/modules/hard-days/complete')).status).toBe(200);
    const audit = await (
      await anonymous.login(ADMIN.email, ADMIN.password)
    ).get<{ action: string }[]>('/api/audit?action=cohort.close');
    expect(JSON.stringify(audit.body)).toContain('cohort.close');
  });

  it('leaves community learners out of every staff report', async () => {
    const compliance = await hr.get<{ totals: { assigned: number; completed: number } }>(
      '/api/reports/compliance?courseId=example',
    );
    // The one teacher; three community learners, one of them done, are not in it.
    expect(compliance.body.totals).toEqual(expect.objectContaining({ assigned: 1, completed: 0 }));
    const csv = (await hr.get<string>('/api/reports/compliance.csv?courseId=example')).body;
    expect(csv.trim().split('\n')).toHaveLength(2);
    expect(csv).not.toMatch(/example\.org|Medina|Díaz|Lee/);
    const site = await hr.get<{ totals: { assigned: number } }>('/api/sites/LIN/compliance');
    expect(site.body.totals.assigned).toBe(1);
    const overdue = (await hr.get<string>('/api/sites/LIN/overdue.csv')).body;
    expect(overdue).toContain('teacher@district.test');
    expect(overdue).not.toMatch(/example\.org/);
    const staff = await hr.get<{ items: unknown[]; total: number }>('/api/staff?q=Medina');
    expect(staff.body.total).toBe(0);
    const everyone = await hr.get<{ total: number }>('/api/staff');
    expect(everyone.body.total).toBe(2);
    const hours = (await hr.get<string>('/api/reports/pd-hours.csv?schoolYear=2026-27')).body;
    expect(hours).not.toMatch(/Medina/);
    const exported = await fetch(`${server.url}/api/certificates/export?courseId=example&edition=2026-27`, {
      headers: hr.authHeaders(),
    });
    const zip = Buffer.from(await exported.arrayBuffer());
    expect(zip.includes(Buffer.from(serial))).toBe(false);
    const pages = new PageClient(server.url);
    await pages.get('/login');
    await pages.post('/login', [
      ['email', 'hr@district.test'],
      ['password', TEST_PASSWORD],
    ]);
    for (const page of ['/hr/overdue', '/hr', '/hr/staff']) {
      const shown = await pages.get(page);
      expect([page, shown.status, /Medina|Díaz|example\.org/.test(shown.html)]).toEqual([page, 200, false]);
    }
  });

  it('counts them in the cohorts report instead, per cohort and course', async () => {
    const report = await hr.get<{ cohorts: { id: number; learners: number; courses: object[] }[] }>(
      '/api/reports/cohorts',
    );
    expect(report.status).toBe(200);
    const byId = new Map(report.body.cohorts.map((c) => [c.id, c]));
    expect(byId.get(fall.id)).toEqual(
      expect.objectContaining({
        learners: 2,
        courses: [
          {
            courseId: 'example',
            title: 'An Example Course',
            joined: 2,
            started: 1,
            completed: 1,
            certificates: 1,
          },
        ],
      }),
    );
    expect(byId.get(spring.id)).toEqual(
      expect.objectContaining({
        learners: 1,
        open: false,
        courses: [
          {
            courseId: 'example',
            title: 'An Example Course',
            joined: 1,
            started: 1,
            completed: 0,
            certificates: 0,
          },
        ],
      }),
    );
    expect((await rosa.get('/api/reports/cohorts')).status).toBe(403);
  });

  it('joins from the page without JavaScript, the code filled in from the link', async () => {
    const pages = new PageClient(server.url);
    const form = await pages.get(`/join/${fall.code.toLowerCase()}`);
    expect(form.status).toBe(200);
    expect(form.html).toContain(`value="${fall.code}"`);
    const mismatch = await pages.post('/join', [
      ['code', fall.code],
      ['firstName', 'Jo'],
      ['lastName', 'Park'],
      ['email', 'jo@example.org'],
      ['password', PASSWORD],
      ['confirm', 'something else entirely'],
    ]);
    expect([mismatch.status, mismatch.html.includes('The two passwords are not the same.')]).toEqual([
      400,
      true,
    ]);
    const joined = await pages.post('/join', [
      ['code', fall.code],
      ['firstName', 'Jo'],
      ['lastName', 'Park'],
      ['email', 'jo@example.org'],
      ['password', PASSWORD],
      ['confirm', PASSWORD],
    ]);
    expect([joined.status, joined.location]).toEqual([303, '/?joined=1']);
    const home = await pages.follow(joined);
    expect(home.html).toContain('An Example Course');
    expect(home.html).not.toContain('href="/sessions"');
  });

  it('throttles failed joins with one code (429 with Retry-After), and only that code', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await join(spring.code, `guess${i}@example.org`)).status);
    // The late join above was the code's first failure: 20 a minute.
    expect(statuses).toEqual([...Array<number>(19).fill(410), 429]);
    const throttled = await join(spring.code, 'another@example.org');
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await join(fall.code, 'kim@example.org', 'Kim', 'Ng')).status).toBe(201);
  }, 60_000);
});

describe('community learners where password sign-in is for admins only (HEARTH_PASSWORD_SIGNIN=false)', () => {
  let server: TestServer;

  beforeAll(async () => {
    // The district's single sign-on does not know community learners: they keep their password.
    // The shipped courses: more than the cohort takes.
    server = await startServer({
      HEARTH_TODAY: '2026-11-23',
      OIDC_ISSUER: `http://127.0.0.1:${await freePort()}`,
      OIDC_CLIENT_ID: 'hearth',
      OIDC_CLIENT_SECRET: 'a-secret-for-tests',
      HEARTH_PASSWORD_SIGNIN: 'false',
    });
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('shows a community learner only their cohort’s courses, and lets them sign in again with their password', async () => {
    const admin = await new Api(server.url).login(ADMIN.email, ADMIN.password);
    await admin.post(
      '/api/staff/import',
      rosterCsv([makeStaff({ email: 'staff@district.test' })]),
      'text/csv',
    );
    const cohort = await admin.post<Created>('/api/cohorts', {
      name: 'Partners',
      courseIds: ['carma'],
      closesOn: '2026-12-18',
    });
    const joined = await new Api(server.url).post('/api/auth/join', {
      code: cohort.body.code,
      email: 'rosa@example.org',
      firstName: 'Rosa',
      lastName: 'Medina',
      password: PASSWORD,
    });
    expect(joined.status).toBe(201);
    const rosa = new Api(server.url).as((joined.body as { accessToken: string }).accessToken);
    // The catalog shows them their cohort's courses only.
    const courses = await rosa.get<{ id: string }[]>('/api/courses');
    expect([...new Set(courses.body.map((c) => c.id))]).toEqual(['carma']);
    expect((await rosa.get('/api/courses/healing-centered/modules/brain-and-stress')).status).toBe(404);
    const staffCatalog = await admin.get<{ id: string }[]>('/api/courses');
    expect(new Set(staffCatalog.body.map((c) => c.id)).size).toBeGreaterThan(1);
    const again = await new Api(server.url).post('/api/auth/login', {
      email: 'rosa@example.org',
      password: PASSWORD,
    });
    expect(again.status).toBe(200);
    const staff = await new Api(server.url).post('/api/auth/login', {
      email: 'staff@district.test',
      password: PASSWORD,
    });
    expect(staff.status).toBe(403);
  });
});
