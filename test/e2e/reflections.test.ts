import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { makeStaff } from '../factories/staff.factory.js';
import { Api } from '../support/api.js';
import { PageClient } from '../support/browserless.js';
import { enrol, TEST_PASSWORD } from '../support/people.js';
import { ADMIN, startServer, type TestServer } from '../support/server.js';

const SECRET = 'The lunch line still makes my chest tight, because of my own school years.';

describe('private reflections (the whole app over HTTP)', () => {
  let server: TestServer;
  let admin: Api;
  const callers = new Map<string, Api>();

  beforeAll(async () => {
    server = await startServer({ COURSES_DIR: resolve('test/fixtures/courses'), HEARTH_TODAY: '2026-09-01' });
    admin = await new Api(server.url).login(ADMIN.email, ADMIN.password);
    const sessions = await enrol(
      admin,
      [
        makeStaff({ employeeId: 'R1', email: 'r1@district.test' }),
        makeStaff({ employeeId: 'R2', email: 'r2@district.test' }),
        makeStaff({ employeeId: 'HR', email: 'hr@district.test', jobRole: 'support' }),
        makeStaff({ employeeId: 'TR', email: 'tr@district.test', jobRole: 'support' }),
        makeStaff({ employeeId: 'AD', email: 'ad@district.test', jobRole: 'support' }),
      ],
      { HR: ['hr'], TR: ['trainer'], AD: ['admin'] },
    );
    for (const [email, api] of sessions) callers.set(email.split('@')[0], api);
    callers.set('bootstrap-admin', admin);
  }, 90_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('saves a learner’s reflection for them alone, refusing bad input by its field', async () => {
    const r1 = callers.get('r1') as Api;
    const path = '/api/me/courses/example/modules/welcome/reflection';
    expect((await r1.put(path, { text: SECRET })).body).toEqual({ saved: true });
    expect((await r1.get<{ text: string; moduleId: string }[]>('/api/me/reflections')).body).toMatchObject([
      {
        courseId: 'example',
        edition: '2026-27',
        moduleId: 'welcome',
        moduleTitle: expect.any(String),
        text: SECRET,
      },
    ]);
    const long = await r1.put<{ message: string[] }>(path, { text: 'x'.repeat(10_001) });
    expect(long.status).toBe(400);
    expect(long.body.message).toEqual(['text must be at most 10,000 characters']);
    expect((await r1.put(path, {})).status).toBe(400);
    // A module without a reflection prompt, and a course not assigned.
    expect((await r1.put('/api/me/courses/example/modules/hard-days/reflection', { text: 'x' })).status).toBe(
      400,
    );
    expect((await (callers.get('hr') as Api).put(path, { text: 'x' })).status).toBe(403);
  });

  it('shows no one else the text: not the other roles, the staff record, the reports, the exports or the audit log', async () => {
    const routes = [
      '/api/me/reflections',
      '/api/staff?q=R1',
      '/api/reports/compliance.csv',
      '/api/reports/pd-hours.csv',
      '/api/staff/R1/transcript',
      '/api/audit',
      '/api/outbox',
      '/api/reports/quiz-items?courseId=example',
    ];
    for (const caller of ['r2', 'hr', 'tr', 'ad', 'bootstrap-admin']) {
      const api = callers.get(caller) as Api;
      for (const route of routes) {
        const response = await api.get<unknown>(route);
        expect({ caller, route, leaks: JSON.stringify(response.body).includes('lunch line') }).toEqual({
          caller,
          route,
          leaks: false,
        });
      }
      expect((await api.get<unknown[]>('/api/me/reflections')).body).toEqual([]);
    }
    // The pages HR and admins open about a person.
    const pages = new PageClient(server.url);
    await pages.get('/login');
    await pages.post('/login', [
      ['email', 'hr@district.test'],
      ['password', TEST_PASSWORD],
      ['next', '/'],
    ]);
    for (const page of ['/hr/staff/R1', '/hr/staff/R1/transcript', '/hr', '/reflections']) {
      const { html } = await pages.get(page);
      expect({ page, leaks: html.includes('lunch line') }).toEqual({ page, leaks: false });
    }
  });

  it('gives the learner their reflection on the module page, saves it by the plain form, and downloads all of them', async () => {
    const pages = new PageClient(server.url);
    await pages.get('/login');
    await pages.post('/login', [
      ['email', 'r1@district.test'],
      ['password', TEST_PASSWORD],
      ['next', '/'],
    ]);
    const module = await pages.get('/learn/example/modules/welcome');
    expect(module.html).toContain(SECRET);
    expect(module.html).toContain('Private: only you can read it.');
    const saved = await pages.post('/learn/example/modules/welcome/reflection', [['text', 'Names matter.']]);
    expect(saved).toMatchObject({
      status: 303,
      location: '/learn/example/modules/welcome?saved=reflection#reflection',
    });
    expect((await pages.follow(saved)).html).toContain('Your reflection is saved.');
    const file = await pages.get('/reflections.txt');
    expect(file.html).toContain('Names matter.');
    expect(file.html).not.toContain('lunch line');
    expect((await pages.get('/reflections')).html).toContain('Names matter.');
  });
});
