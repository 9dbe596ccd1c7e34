import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { makeStaff } from '../factories/staff.factory.js';
import { Api } from '../support/api.js';
import { enrol, TEST_PASSWORD } from '../support/people.js';
import { ADMIN, startServer, type TestServer } from '../support/server.js';

const JOB_AID = '/learn/example/resources/calm-corner';
const PREVIEW = '/trainer/courses/example/2026-27/resources/calm-corner';
const RIGHT = { q1: 'a', q2: ['a', 'c'], q3: 'a' };

describe('course resources over HTTP: who may read them', () => {
  let server: TestServer;
  const cookies = new Map<string, string>();

  /** A page as the person signed in with `email` (pages take the session cookie, not a bearer token). */
  async function page(email: string | undefined, path: string): Promise<{ status: number; html: string }> {
    const headers: Record<string, string> = email ? { cookie: cookies.get(email) ?? '' } : {};
    const response = await fetch(`${server.url}${path}`, { headers, redirect: 'manual' });
    return { status: response.status, html: await response.text() };
  }

  beforeAll(async () => {
    server = await startServer({
      COURSES_DIR: resolve('test/fixtures/courses'),
      HEARTH_TODAY: '2026-09-01',
      HEARTH_SUPPORT_TEXT: 'Call the EAP at 555-0199.',
    });
    const admin = await new Api(server.url).login(ADMIN.email, ADMIN.password);
    const people = [
      makeStaff({ employeeId: 'L1', email: 'learner@district.test' }),
      makeStaff({ employeeId: 'L2', email: 'done@district.test' }),
      // Outside the example course's audience (teachers and paraprofessionals): not assigned it.
      makeStaff({ employeeId: 'S1', email: 'support@district.test', jobRole: 'support' }),
      makeStaff({ employeeId: 'T1', email: 'trainer@district.test', jobRole: 'support' }),
    ];
    const sessions = await enrol(admin, people, { T1: ['trainer'] });
    const done = sessions.get('done@district.test') as Api;
    for (const module of ['welcome', 'hard-days'])
      await done.post(`/api/me/courses/example/modules/${module}/complete`);
    await done.post('/api/me/courses/example/attest');
    const completed = await done.post<{ completion: unknown }>('/api/me/courses/example/quiz/attempts', {
      answers: RIGHT,
    });
    if (!completed.body.completion)
      throw new Error(`the course did not complete: ${JSON.stringify(completed.body)}`);
    for (const person of people) {
      const login = await fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: person.email, password: TEST_PASSWORD }),
      });
      cookies.set(person.email, (login.headers.get('set-cookie') ?? '').split(';')[0]);
    }
  }, 90_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('shows a job aid to a learner the course is assigned to, filled in, with the print hint', async () => {
    const { status, html } = await page('learner@district.test', JOB_AID);
    expect(status).toBe(200);
    expect(html).toContain('<h1 id="resource-title">Setting Up a Calm Corner</h1>');
    expect(html).toContain('the counselor. Call the EAP at 555-0199.');
    expect(html).toContain('press <kbd>Ctrl</kbd>+<kbd>P</kbd>');
    expect(html).not.toContain('{{district');
    expect((await page('learner@district.test', '/learn/example/resources/references')).status).toBe(200);
  });

  it('lists the resources on the course page and on each module page', async () => {
    for (const path of ['/learn/example', '/learn/example/modules/welcome']) {
      const { html } = await page('learner@district.test', path);
      expect({ path, listed: html.includes('Resources: references and printable job aids') }).toEqual({
        path,
        listed: true,
      });
      expect(html).toContain(`<a href="${JOB_AID}">Setting Up a Calm Corner</a>`);
      expect(html).toContain('<a href="/learn/example/resources/references">References</a>');
    }
  });

  it('still shows them once the course is completed', async () => {
    expect((await page('done@district.test', JOB_AID)).status).toBe(200);
  });

  it('refuses a learner the course is not assigned to (403), as the other course pages do', async () => {
    const refused = await page('support@district.test', JOB_AID);
    expect(refused.status).toBe(403);
    expect(refused.html).not.toContain('Setting Up a Calm Corner');
    expect((await page('support@district.test', '/learn/example')).status).toBe(403);
  });

  it('answers 404 for an unknown resource, 400 for a malformed id, and sends the signed-out to sign in', async () => {
    const unknown = await page('learner@district.test', '/learn/example/resources/nope');
    expect(unknown.status).toBe(404);
    expect(unknown.html).toContain('<h1>');
    expect((await page('learner@district.test', '/learn/example/resources/..%2Fquiz')).status).toBe(400);
    expect((await page(undefined, JOB_AID)).status).toBe(303);
  });

  it('lets a trainer preview each resource and lists them on the edition page', async () => {
    const preview = await page('trainer@district.test', PREVIEW);
    expect(preview.status).toBe(200);
    expect(preview.html).toContain('<strong>Preview.</strong>');
    expect(preview.html).toContain('Setting Up a Calm Corner');
    expect((await page('trainer@district.test', '/trainer/courses')).html).toContain(
      '3 quiz questions, 2 resources',
    );
    const edition = await page('trainer@district.test', '/trainer/courses/example/2026-27');
    expect(edition.html).toContain(`<a href="${PREVIEW}">Setting Up a Calm Corner</a>`);
    expect(
      (await page('trainer@district.test', '/trainer/courses/example/2026-27/resources/nope')).status,
    ).toBe(404);
  });

  it('refuses the trainer preview to a learner (403)', async () => {
    expect((await page('learner@district.test', PREVIEW)).status).toBe(403);
  });
});
