import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { makeStaff } from '../factories/staff.factory.js';
import { Api } from '../support/api.js';
import { enrol, TEST_PASSWORD } from '../support/people.js';
import { ADMIN, startServer, type TestServer } from '../support/server.js';

type Caller = 'anonymous' | 'learner' | 'otherLearner' | 'trainer' | 'hr' | 'admin';

/**
 * Who may call each API route, from the contract. `assigned`: the learner the course is assigned to
 * (everyone else, staff outside its audience and the admin with no staff record, gets 403); `owner`:
 * the holder of the certificate, plus the roles listed.
 */
type Who = 'anyone' | 'signed-in' | 'assigned' | { roles: Caller[]; owner?: boolean };

interface Rule {
  who: Who;
  /** The route with sample parameters (the other learner's certificate, the example course). */
  path: string;
  body?: unknown;
}

const RIGHT = { q1: 'a', q2: ['a', 'c'], q3: 'a' };
const SERIAL = '{serial}';
const SESSION = '{session}';
const SPARE_SESSION = '{spare}';

const RULES: Record<string, Rule> = {
  'GET /api/health': { who: 'anyone', path: '/api/health' },
  'POST /api/auth/login': { who: 'anyone', path: '/api/auth/login', body: {} },
  'POST /api/auth/accept-invitation': { who: 'anyone', path: '/api/auth/accept-invitation', body: {} },
  'POST /api/auth/logout': { who: 'signed-in', path: '/api/auth/logout' },
  'POST /api/auth/invitations': { who: { roles: ['hr', 'admin'] }, path: '/api/auth/invitations', body: {} },
  'GET /api/me': { who: 'signed-in', path: '/api/me' },
  'PUT /api/staff/{employeeId}/roles': {
    who: { roles: ['admin'] },
    path: '/api/staff/NOBODY/roles',
    body: {},
  },
  'POST /api/staff/import': { who: { roles: ['hr', 'admin'] }, path: '/api/staff/import', body: {} },
  'POST /api/staff/import/oneroster': {
    who: { roles: ['hr', 'admin'] },
    path: '/api/staff/import/oneroster',
    body: {},
  },
  'GET /api/staff': { who: { roles: ['hr', 'admin'] }, path: '/api/staff' },
  'GET /api/courses': { who: 'signed-in', path: '/api/courses' },
  'GET /api/courses/editions': { who: { roles: ['trainer', 'admin'] }, path: '/api/courses/editions' },
  'POST /api/courses/reload': { who: { roles: ['trainer', 'admin'] }, path: '/api/courses/reload' },
  'GET /api/courses/{courseId}/modules/{moduleId}': {
    who: 'signed-in',
    path: '/api/courses/example/modules/welcome',
  },
  'GET /api/me/assignments': { who: 'signed-in', path: '/api/me/assignments' },
  'POST /api/me/courses/{courseId}/modules/{moduleId}/complete': {
    who: 'assigned',
    path: '/api/me/courses/example/modules/welcome/complete',
  },
  'GET /api/me/courses/{courseId}/quiz': { who: 'assigned', path: '/api/me/courses/example/quiz' },
  'POST /api/me/courses/{courseId}/quiz/attempts': {
    who: 'assigned',
    path: '/api/me/courses/example/quiz/attempts',
    body: { answers: { q1: 'b', q2: ['b'], q3: 'b' } },
  },
  'POST /api/me/courses/{courseId}/attest': { who: 'assigned', path: '/api/me/courses/example/attest' },
  'GET /api/me/certificates': { who: 'signed-in', path: '/api/me/certificates' },
  'GET /api/certificates/{serial}.pdf': {
    who: { roles: ['hr', 'admin'], owner: true },
    path: `/api/certificates/${SERIAL}.pdf`,
  },
  'POST /api/certificates/{serial}/revoke': {
    who: { roles: ['hr', 'admin'] },
    path: `/api/certificates/${SERIAL}/revoke`,
    body: {},
  },
  'GET /api/certificates/export': {
    who: { roles: ['hr', 'admin'] },
    path: '/api/certificates/export?courseId=example&edition=2026-27',
  },
  'GET /api/verify/{serial}': { who: 'anyone', path: `/api/verify/${SERIAL}` },
  'GET /api/certificates/{serial}/credential': {
    who: { roles: ['hr', 'admin'], owner: true },
    path: `/api/certificates/${SERIAL}/credential`,
  },
  // What a stranger's verifier fetches: public. No key has the sample id (a 404 for everyone).
  'GET /api/credentials/issuer': { who: 'anyone', path: '/api/credentials/issuer' },
  'GET /api/credentials/keys/{keyId}': { who: 'anyone', path: '/api/credentials/keys/2026-12-03-000000' },
  'GET /api/credentials/status/{list}': { who: 'anyone', path: '/api/credentials/status/0' },
  'POST /api/staff/{employeeId}/exemptions': {
    who: { roles: ['hr', 'admin'] },
    path: '/api/staff/NOBODY/exemptions',
    body: {},
  },
  'DELETE /api/staff/{employeeId}/exemptions/{courseId}/{edition}': {
    who: { roles: ['hr', 'admin'] },
    path: '/api/staff/NOBODY/exemptions/example/2026-27',
  },
  'GET /api/reports/compliance': { who: { roles: ['hr', 'admin'] }, path: '/api/reports/compliance' },
  'GET /api/reports/compliance.csv': { who: { roles: ['hr', 'admin'] }, path: '/api/reports/compliance.csv' },
  'GET /api/reports/compliance.pdf': { who: { roles: ['hr', 'admin'] }, path: '/api/reports/compliance.pdf' },
  'GET /api/reports/quiz-items': {
    who: { roles: ['trainer', 'hr', 'admin'] },
    path: '/api/reports/quiz-items?courseId=example',
  },
  // A site's leaders too; nobody here leads a site (test/e2e/site-leaders.test.ts checks them).
  'GET /api/sites/{siteCode}/compliance': {
    who: { roles: ['hr', 'admin'] },
    path: '/api/sites/LIN/compliance',
  },
  'GET /api/sites/{siteCode}/overdue.csv': {
    who: { roles: ['hr', 'admin'] },
    path: '/api/sites/LIN/overdue.csv',
  },
  'GET /api/me/transcript': { who: 'signed-in', path: '/api/me/transcript' },
  'GET /api/me/transcript.pdf': { who: 'signed-in', path: '/api/me/transcript.pdf' },
  'GET /api/staff/{employeeId}/transcript': {
    who: { roles: ['hr', 'admin'] },
    path: '/api/staff/L2/transcript',
  },
  'GET /api/staff/{employeeId}/transcript.pdf': {
    who: { roles: ['hr', 'admin'] },
    path: '/api/staff/L2/transcript.pdf',
  },
  'GET /api/reports/pd-hours.csv': { who: { roles: ['hr', 'admin'] }, path: '/api/reports/pd-hours.csv' },
  'PUT /api/me/courses/{courseId}/modules/{moduleId}/reflection': {
    who: 'assigned',
    path: '/api/me/courses/example/modules/welcome/reflection',
    body: { text: 'Mine alone.' },
  },
  // Signed in, each caller gets their own (the matrix's callers never see another's: test/e2e/reflections.test.ts).
  'GET /api/me/reflections': { who: 'signed-in', path: '/api/me/reflections' },
  // Each caller's own follow-ups; nobody in the matrix has finished a course, so done is a 404 for all.
  'GET /api/me/followups': { who: 'signed-in', path: '/api/me/followups' },
  'POST /api/me/followups/{courseId}/{followUpId}/done': {
    who: 'signed-in',
    path: '/api/me/followups/example/first-week/done',
  },
  'GET /api/programs': { who: 'signed-in', path: '/api/programs' },
  'GET /api/me/programs': { who: 'signed-in', path: '/api/me/programs' },
  // No program in the fixture courses: a 404 after the check of who is calling.
  'POST /api/me/programs/{programId}/{edition}/practicum': {
    who: 'signed-in',
    path: '/api/me/programs/nope/2026-27/practicum',
  },
  'GET /api/programs/{programId}/{edition}/enrolments': {
    who: { roles: ['hr', 'admin'] },
    path: '/api/programs/nope/2026-27/enrolments',
  },
  'POST /api/programs/{programId}/{edition}/enrolments': {
    who: { roles: ['hr', 'admin'] },
    path: '/api/programs/nope/2026-27/enrolments',
    body: { employeeIds: ['L1'] },
  },
  'POST /api/programs/{programId}/{edition}/enrolments/import': {
    who: { roles: ['hr', 'admin'] },
    path: '/api/programs/nope/2026-27/enrolments/import',
    body: {},
  },
  'DELETE /api/programs/{programId}/{edition}/enrolments/{employeeId}': {
    who: { roles: ['hr', 'admin'] },
    path: '/api/programs/nope/2026-27/enrolments/L1',
  },
  // The example course has no survey: a 404 after the check of who is calling (test/e2e/surveys.test.ts answers one).
  'GET /api/me/courses/{courseId}/survey/{phase}': {
    who: 'assigned',
    path: '/api/me/courses/example/survey/pre',
  },
  'POST /api/me/courses/{courseId}/survey/{phase}': {
    who: 'assigned',
    path: '/api/me/courses/example/survey/post',
    body: { skip: true },
  },
  'GET /api/reports/surveys': {
    who: { roles: ['trainer', 'hr', 'admin'] },
    path: '/api/reports/surveys?courseId=example',
  },
  'GET /api/reports/surveys.csv': {
    who: { roles: ['trainer', 'hr', 'admin'] },
    path: '/api/reports/surveys.csv?courseId=example',
  },
  'GET /api/audit': { who: { roles: ['admin'] }, path: '/api/audit' },
  'POST /api/auth/password-reset': { who: 'anyone', path: '/api/auth/password-reset', body: {} },
  'GET /api/outbox': { who: { roles: ['admin'] }, path: '/api/outbox' },
  'POST /api/outbox/{id}/retry': { who: { roles: ['admin'] }, path: '/api/outbox/999999/retry' },
  'POST /api/sessions': { who: { roles: ['trainer', 'admin'] }, path: '/api/sessions', body: {} },
  'GET /api/sessions': { who: 'signed-in', path: '/api/sessions' },
  // The other learner holds a seat at {session}: the owner here.
  'GET /api/sessions/{id}.ics': {
    who: { roles: ['hr', 'admin'], owner: true },
    path: `/api/sessions/${SESSION}.ics`,
  },
  'PATCH /api/sessions/{id}': {
    who: { roles: ['trainer', 'admin'] },
    path: `/api/sessions/${SESSION}`,
    body: {},
  },
  'POST /api/sessions/{id}/cancel': {
    who: { roles: ['trainer', 'admin'] },
    path: `/api/sessions/${SPARE_SESSION}/cancel`,
  },
  // For the other learner (themselves), or anyone by hr and admins.
  'POST /api/sessions/{id}/registrations': {
    who: { roles: ['hr', 'admin'], owner: true },
    path: `/api/sessions/${SESSION}/registrations`,
    body: { employeeId: 'L2' },
  },
  'DELETE /api/sessions/{id}/registrations': {
    who: { roles: ['hr', 'admin'], owner: true },
    path: `/api/sessions/${SESSION}/registrations`,
    body: { employeeId: 'L2' },
  },
  'POST /api/cohorts': {
    who: { roles: ['hr', 'admin'] },
    path: '/api/cohorts',
    body: { name: 'Partners', courseIds: ['example'], closesOn: '2026-12-18' },
  },
  'GET /api/cohorts': { who: { roles: ['hr', 'admin'] }, path: '/api/cohorts' },
  'GET /api/cohorts/{id}': { who: { roles: ['hr', 'admin'] }, path: '/api/cohorts/999999' },
  'POST /api/cohorts/{id}/close': { who: { roles: ['hr', 'admin'] }, path: '/api/cohorts/999999/close' },
  'GET /api/reports/cohorts': { who: { roles: ['hr', 'admin'] }, path: '/api/reports/cohorts' },
  // A wrong code: 400, and a failure the address can afford (the throttle allows 50 a minute).
  'POST /api/auth/join': {
    who: 'anyone',
    path: '/api/auth/join',
    body: {
      code: 'ZZZZ-ZZZZ-ZZZZ',
      email: 'x@example.org',
      firstName: 'X',
      lastName: 'Y',
      password: 'a long enough password',
    },
  },
  'PUT /api/sessions/{id}/attendance': {
    who: { roles: ['trainer', 'hr', 'admin'] },
    path: `/api/sessions/${SESSION}/attendance`,
    body: { attended: [] },
  },
};

/**
 * The pages outside the OpenAPI document that the same contract governs: the course resources. A page
 * sends the signed-out to the sign-in page (303) where the API answers 401.
 */
const PAGE_RULES: Record<string, Rule> = {
  'GET /learn/{courseId}/resources/{resourceId}': {
    who: 'assigned',
    path: '/learn/example/resources/calm-corner',
  },
  'GET /trainer/courses/{courseId}/{edition}/resources/{resourceId}': {
    who: { roles: ['trainer', 'admin'] },
    path: '/trainer/courses/example/2026-27/resources/calm-corner',
  },
  // With no survey in the fixture courses, the page says so (the report itself: test/e2e/surveys.test.ts).
  'GET /reports/surveys': { who: { roles: ['trainer', 'hr', 'admin'] }, path: '/reports/surveys' },
  'GET /hr/staff': {
    who: { roles: ['hr', 'admin'] },
    path: '/hr/staff?q=jose&site=LIN&sort=site&order=desc',
  },
  'GET /hr/certificates': { who: { roles: ['hr', 'admin'] }, path: `/hr/certificates?q=${SERIAL}` },
  // The admin's pages (the role changes they post: test/e2e/admin-pages.test.ts). Account 1 is the first admin.
  'GET /admin/people': { who: { roles: ['admin'] }, path: '/admin/people?access=hr' },
  'GET /admin/people/{accountId}': { who: { roles: ['admin'] }, path: '/admin/people/1' },
  'GET /admin/audit': { who: { roles: ['admin'] }, path: '/admin/audit?action=account.roles' },
  'GET /admin/configuration': { who: { roles: ['admin'] }, path: '/admin/configuration' },
};

/** The status class a caller must get: refused (401 or 403, exactly) or let through (anything else). */
function expected(who: Who, caller: Caller): 401 | 403 | 'allowed' {
  if (who === 'anyone') return 'allowed';
  if (caller === 'anonymous') return 401;
  if (who === 'signed-in') return 'allowed';
  // The certificate belongs to the other learner, and the course is assigned to both learners.
  if (who === 'assigned') return caller === 'learner' || caller === 'otherLearner' ? 'allowed' : 403;
  if (who.owner && caller === 'otherLearner') return 'allowed';
  return who.roles.includes(caller) ? 'allowed' : 403;
}

describe('the role matrix: every route of the OpenAPI document × every kind of caller', () => {
  let server: TestServer;
  const callers = new Map<Caller, Api>();
  /** Each caller's session cookie, for the pages (which take no bearer token). */
  const pageCookies = new Map<Caller, string>();
  let serial: string;
  let sessionId: string;
  let spareSessionId: string;

  beforeAll(async () => {
    server = await startServer({ COURSES_DIR: resolve('test/fixtures/courses'), HEARTH_TODAY: '2026-09-01' });
    const admin = await new Api(server.url).login(ADMIN.email, ADMIN.password);
    const people = [
      makeStaff({ employeeId: 'L1', email: 'learner@district.test' }),
      makeStaff({ employeeId: 'L2', email: 'other@district.test' }),
      // Outside the example course's audience: their roles, not an assignment, decide.
      makeStaff({ employeeId: 'TR', email: 'trainer@district.test', jobRole: 'support' }),
      makeStaff({ employeeId: 'HR', email: 'hr@district.test', jobRole: 'support' }),
    ];
    const sessions = await enrol(admin, people, { TR: ['trainer'], HR: ['hr'] });
    const other = sessions.get('other@district.test') as Api;
    for (const module of ['welcome', 'hard-days'])
      await other.post(`/api/me/courses/example/modules/${module}/complete`);
    await other.post('/api/me/courses/example/attest');
    const done = await other.post<{ completion: { certificateSerial: string } }>(
      '/api/me/courses/example/quiz/attempts',
      { answers: RIGHT },
    );
    serial = done.body.completion.certificateSerial;
    const trainer = sessions.get('trainer@district.test') as Api;
    const schedule = async (title: string) => {
      const made = await trainer.post<{ id: number }>('/api/sessions', {
        title,
        startsAt: '2026-09-10T15:30:00Z',
        endsAt: '2026-09-10T17:00:00Z',
        location: 'Library',
        capacity: 10,
        pdHours: 1,
      });
      if (made.status !== 201) throw new Error(`scheduling failed: ${made.status}`);
      return String(made.body.id);
    };
    sessionId = await schedule('Calm classrooms');
    spareSessionId = await schedule('To be cancelled');
    const seat = await other.post(`/api/sessions/${sessionId}/registrations`);
    if (seat.status !== 201) throw new Error(`registering failed: ${seat.status}`);
    callers.set('anonymous', new Api(server.url));
    callers.set('learner', sessions.get('learner@district.test') as Api);
    callers.set('otherLearner', other);
    callers.set('trainer', sessions.get('trainer@district.test') as Api);
    callers.set('hr', sessions.get('hr@district.test') as Api);
    callers.set('admin', admin);
    const emails: [Caller, string, string][] = [
      ['learner', 'learner@district.test', TEST_PASSWORD],
      ['otherLearner', 'other@district.test', TEST_PASSWORD],
      ['trainer', 'trainer@district.test', TEST_PASSWORD],
      ['hr', 'hr@district.test', TEST_PASSWORD],
      ['admin', ADMIN.email, ADMIN.password],
    ];
    pageCookies.set('anonymous', '');
    for (const [caller, email, password] of emails) {
      const login = await new Api(server.url).post('/api/auth/login', { email, password });
      pageCookies.set(caller, (login.headers.get('set-cookie') ?? '').split(';')[0]);
    }
  }, 90_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('has a decision for every route in the OpenAPI document, and no decision for a route that is gone', async () => {
    const document = await new Api(server.url).get<{ paths: Record<string, Record<string, unknown>> }>(
      '/api/docs-json',
    );
    const routes = Object.entries(document.body.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(routes.filter((route) => !RULES[route])).toEqual([]);
    expect(Object.keys(RULES).filter((route) => !routes.includes(route))).toEqual([]);
  });

  it('answers each caller exactly as the contract allows', async () => {
    const outcomes: string[] = [];
    const failures: string[] = [];
    // Signing out last, so the callers' sessions last through the matrix.
    const order = Object.entries(RULES).sort(
      ([a], [b]) => Number(a.includes('logout')) - Number(b.includes('logout')),
    );
    for (const [route, rule] of order) {
      const method = route.split(' ')[0];
      for (const [caller, api] of callers) {
        const path = rule.path
          .replace(SERIAL, serial)
          .replace(SESSION, sessionId)
          .replace(SPARE_SESSION, spareSessionId);
        const response = await api.request(method, path, rule.body);
        const want = expected(rule.who, caller);
        const ok =
          want === 'allowed' ? response.status !== 401 && response.status !== 403 : response.status === want;
        outcomes.push(`${route} as ${caller}: ${response.status}`);
        if (!ok) failures.push(`${route} as ${caller}: got ${response.status}, want ${String(want)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(outcomes).toHaveLength(Object.keys(RULES).length * callers.size);
  });

  it('answers each caller on the resource pages exactly as the contract allows', async () => {
    const failures: string[] = [];
    for (const [route, rule] of Object.entries(PAGE_RULES)) {
      for (const [caller, cookie] of pageCookies) {
        const response = await fetch(`${server.url}${rule.path.replace(SERIAL, serial)}`, {
          headers: { cookie },
          redirect: 'manual',
        });
        const want = expected(rule.who, caller);
        const status = want === 401 ? 303 : want;
        const ok = status === 'allowed' ? response.status === 200 : response.status === status;
        if (!ok) failures.push(`${route} as ${caller}: got ${response.status}, want ${String(status)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(pageCookies.size).toBe(6);
  });
});
