import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { makeStaff } from '../factories/staff.factory.js';
import { Api } from '../support/api.js';
import { PageClient } from '../support/browserless.js';
import { TestLrs } from '../support/lrs.js';
import { enrol, finishExampleCourse } from '../support/people.js';
import { ADMIN, freePort, startServer, type TestServer } from '../support/server.js';
import { xapiProblems } from '../support/xapi.js';

const PROGRAM = `---
id: mentors
edition: 2026-27
title: Mentor Certificate
summary: The example course and a practicum.
courses:
  - course: example
    edition: 2026-27
sessionsRequired: 0
opensOn: 2026-08-01
finishBy: 2099-06-30
pdHours: 6
practicum: I mentored a new colleague for a semester.
---
## About

One course and a practicum.
`;

const LEARNER = makeStaff({ employeeId: 'X-1', email: 'xapi.learner@district.test' });
const TRAINER = makeStaff({ employeeId: 'X-TR', email: 'xapi.trainer@district.test', jobRole: 'support' });
const VERB = (name: string) => `http://adlnet.gov/expapi/verbs/${name}`;

describe('xAPI statements to a learning record store that is down for a while', () => {
  let root: string;
  let lrs: TestLrs;
  let server: TestServer;
  let learner: Api;
  let trainer: Api;
  let admin: Api;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'hearth-xapi-e2e-'));
    cpSync(resolve('test/fixtures/courses/example'), join(root, 'example'), { recursive: true });
    mkdirSync(join(root, 'mentors/2026-27'), { recursive: true });
    writeFileSync(join(root, 'mentors/2026-27/program.md'), PROGRAM);
    // The store's port is chosen now, but nothing listens on it yet: it is down.
    lrs = new TestLrs(await freePort());
    server = await startServer({
      COURSES_DIR: root,
      XAPI_ENDPOINT: lrs.endpoint,
      XAPI_USERNAME: 'lrs-key',
      XAPI_PASSWORD: 'lrs-secret',
    });
    admin = await new Api(server.url).login(ADMIN.email, ADMIN.password);
    const people = await enrol(admin, [LEARNER, TRAINER], { 'X-TR': ['trainer'] });
    learner = people.get(LEARNER.email) as Api;
    trainer = people.get(TRAINER.email) as Api;
  }, 90_000);

  afterAll(async () => {
    await server?.stop();
    await lrs?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('keeps every statement while the store is down, then delivers each exactly once, valid', async () => {
    // A failed attempt, the modules (one of them read twice), the attestation and a passing attempt.
    await learner.post('/api/me/courses/example/modules/welcome/complete');
    const failed = await learner.post<{ passed: boolean }>('/api/me/courses/example/quiz/attempts', {
      answers: { q1: 'b', q2: ['a'], q3: 'b' },
    });
    expect(failed.body.passed).toBe(false);
    await finishExampleCourse(learner);
    // The program: HR's enrolment, then the practicum completes it.
    expect(
      (await admin.post('/api/programs/mentors/2026-27/enrolments', { employeeIds: ['X-1'] })).status,
    ).toBeLessThan(300);
    const practicum = await learner.post<{ certificateSerial: string | null }>(
      '/api/me/programs/mentors/2026-27/practicum',
    );
    expect(practicum.body.certificateSerial).toEqual(expect.any(String));
    // A session starting in two minutes (attendance opens 15 minutes before), attended.
    const soon = new Date(Date.now() + 120_000);
    const session = await trainer.post<{ id: number }>('/api/sessions', {
      title: 'Calm classrooms',
      startsAt: soon.toISOString(),
      endsAt: new Date(soon.getTime() + 3_600_000).toISOString(),
      location: 'Room 4',
      capacity: 5,
      pdHours: 1,
      facilitatorEmployeeIds: ['X-TR'],
    });
    expect(session.status).toBe(201);
    await learner.post(`/api/sessions/${session.body.id}/registrations`);
    const sheet = { attended: ['X-1'] };
    expect((await trainer.put(`/api/sessions/${session.body.id}/attendance`, sheet)).status).toBe(200);
    // Taken again: the same people, no new statement.
    expect((await trainer.put(`/api/sessions/${session.body.id}/attendance`, sheet)).status).toBe(200);

    const deadline = Date.now() + 30_000;
    while (!server.output().includes('The learning record store cannot be reached') && Date.now() < deadline)
      await new Promise((wait) => setTimeout(wait, 100));
    expect(server.output()).toContain('The learning record store cannot be reached');
    expect(lrs.arrivals).toEqual([]);

    await lrs.start();
    await lrs.until(7);
    // A little longer: nothing else, and nothing twice, may follow.
    await new Promise((wait) => setTimeout(wait, 2_000));
    expect(server.output()).toContain('The learning record store answers again');

    const ids = lrs.arrivals.map((arrival) => arrival.statementId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(7);
    for (const { statement, statementId, headers } of lrs.arrivals) {
      expect(xapiProblems(statement)).toEqual([]);
      expect(statement.id).toBe(statementId);
      expect(headers['x-experience-api-version']).toBe('1.0.3');
      expect(headers['content-type']).toBe('application/json');
      // The employee id under the district's Hearth, never the e-mail.
      expect(statement.actor).toEqual({
        objectType: 'Agent',
        account: { homePage: server.url, name: 'X-1' },
      });
      expect(JSON.stringify(statement)).not.toContain('xapi.learner@district.test');
    }
    const seen = lrs.arrivals.map(({ statement }) => {
      const { verb, object } = statement as { verb: { id: string }; object: { id: string } };
      return `${verb.id.replace(VERB(''), '')} ${object.id.replace(`${server.url}/xapi/activities/`, '')}`;
    });
    expect(seen.sort()).toEqual(
      [
        'completed courses/example/2026-27/modules/welcome',
        'completed courses/example/2026-27/modules/hard-days',
        'failed courses/example/2026-27/quiz',
        'passed courses/example/2026-27/quiz',
        'completed courses/example/2026-27',
        'completed programs/mentors/2026-27',
        `attended sessions/${session.body.id}`,
      ].sort(),
    );
    const passed = lrs.arrivals.find(
      ({ statement }) => (statement.verb as { id: string }).id === VERB('passed'),
    );
    expect(passed?.statement.result).toMatchObject({ success: true, score: { scaled: 1, raw: 100 } });
    // Admins see the counts beside the mail outbox.
    const pages = new PageClient(server.url);
    await pages.get('/login');
    await pages.post('/login', [
      ['email', ADMIN.email],
      ['password', ADMIN.password],
      ['next', '/'],
    ]);
    const page = await pages.get('/admin/outbox');
    expect(page.html).toContain('7 sent, 0 waiting, 0 refused by the store');
    // Nothing in the server's log of the store's credentials.
    expect(server.output()).not.toContain('lrs-secret');
  }, 120_000);
});
