import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { makeStaff } from '../factories/staff.factory.js';
import { Api } from '../support/api.js';
import { PageClient } from '../support/browserless.js';
import { enrol, finishExampleCourse, TEST_PASSWORD } from '../support/people.js';
import { ADMIN, startServer, type TestServer } from '../support/server.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const COURSES = resolve('test/fixtures/courses');

interface FollowUp {
  courseId: string;
  edition: string;
  id: string;
  title: string;
  dueOn: string;
  html: string;
  doneAt?: string;
}

/**
 * Follow-ups over HTTP, with the server's clock frozen: the course is finished on September 1, then the
 * same database is served as of later days. The example course's follow-ups come 7 and 30 days on.
 */
describe('follow-ups (the whole app over HTTP, on frozen days)', () => {
  let db: TestDatabase;
  let server: TestServer | undefined;

  /** Serves the one database as of `day`, signed in as the finisher and the one still learning. */
  async function serveOn(day: string) {
    await server?.stop();
    server = await startServer({ COURSES_DIR: COURSES, HEARTH_TODAY: day }, { db });
    const done = await new Api(server.url).login('f1@district.test', TEST_PASSWORD);
    const other = await new Api(server.url).login('f2@district.test', TEST_PASSWORD);
    return { done, other };
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    server = await startServer({ COURSES_DIR: COURSES, HEARTH_TODAY: '2026-09-01' }, { db });
    const admin = await new Api(server.url).login(ADMIN.email, ADMIN.password);
    const sessions = await enrol(admin, [
      makeStaff({ employeeId: 'F1', email: 'f1@district.test' }),
      makeStaff({ employeeId: 'F2', email: 'f2@district.test' }),
    ]);
    const learner = sessions.get('f1@district.test') as Api;
    await finishExampleCourse(learner);
  }, 90_000);

  afterAll(async () => {
    await server?.stop();
    await db?.drop();
  });

  it('has none due on the day of completion, and refuses to mark one done early', async () => {
    const { done, other } = await serveOn('2026-09-07');
    expect((await done.get('/api/me/followups')).body).toEqual([]);
    const early = await done.post<{ message: string }>('/api/me/followups/example/first-week/done');
    expect(early.status).toBe(409);
    expect(early.body.message).toBe(
      'This follow-up comes on September 8, 2026: it cannot be done before then',
    );
    expect((await done.post('/api/me/followups/example/no-such/done')).status).toBe(404);
    // Someone who has not finished the course has no follow-ups of it.
    expect((await other.get('/api/me/followups')).body).toEqual([]);
    expect((await other.post('/api/me/followups/example/first-week/done')).status).toBe(404);
  }, 60_000);

  it('lists it on its day and after, until it is marked done', async () => {
    let { done } = await serveOn('2026-09-08');
    const due = await done.get<FollowUp[]>('/api/me/followups');
    expect(due.body).toEqual([
      {
        courseId: 'example',
        edition: '2026-27',
        id: 'first-week',
        title: 'A Week On',
        dueOn: '2026-09-08',
        html: expect.stringContaining('<p class="callout-title">Try this</p>'),
      },
    ]);
    ({ done } = await serveOn('2026-10-05'));
    expect((await done.get<FollowUp[]>('/api/me/followups')).body.map((f) => f.id)).toEqual([
      'first-week',
      'a-month-on',
    ]);
    const marked = await done.post<FollowUp>('/api/me/followups/example/first-week/done');
    expect(marked.status).toBe(200);
    expect(marked.body).toMatchObject({ id: 'first-week', doneAt: expect.stringMatching(/^2026-10-05T/) });
    const again = await done.post<FollowUp>('/api/me/followups/example/first-week/done');
    expect(again.body.doneAt).toBe(marked.body.doneAt);
    expect((await done.get<FollowUp[]>('/api/me/followups')).body.map((f) => f.id)).toEqual(['a-month-on']);
  }, 60_000);

  it('shows a due follow-up on My training, with its page, a private reflection and Mark as done', async () => {
    const { done } = await serveOn('2026-10-05');
    const page = new PageClient(server?.url ?? '');
    await page.get('/login');
    await page.post('/login', [
      ['email', 'f1@district.test'],
      ['password', TEST_PASSWORD],
    ]);
    const home = await page.get('/');
    expect(home.html).toContain('Follow-ups for you');
    expect(home.html).toContain('<a href="/learn/example/followups/a-month-on">A Month On</a>');
    const followUp = await page.get('/learn/example/followups/a-month-on');
    expect(followUp.status).toBe(200);
    expect(followUp.html).toContain('Follow-up, 30 days after the course');
    expect(followUp.html).toContain('Ready since October 1, 2026');
    // The plain Save, then the same form as the page script sends it (asking for JSON).
    const saved = await page.post('/learn/example/followups/a-month-on/reflection', [
      ['text', 'Kept doing the door greetings.'],
    ]);
    expect([saved.status, saved.location]).toEqual([
      303,
      '/learn/example/followups/a-month-on?saved=reflection#reflection',
    ]);
    expect((await page.follow(saved)).html).toContain('Kept doing the door greetings.');
    const reflections =
      await done.get<{ followUpId: string | null; moduleTitle: string; text: string }[]>(
        '/api/me/reflections',
      );
    expect(reflections.body).toEqual([
      expect.objectContaining({
        followUpId: 'a-month-on',
        moduleId: null,
        moduleTitle: 'Follow-up: A Month On',
        text: 'Kept doing the door greetings.',
      }),
    ]);
    const marked = await page.post('/learn/example/followups/a-month-on/done', []);
    expect(marked.location).toBe('/learn/example/followups/a-month-on?saved=done');
    expect((await page.follow(marked)).html).toContain('Done: this follow-up is off your list.');
    expect((await page.get('/')).html).not.toContain('Follow-ups for you');
    // An upcoming one is not there to be done; a stranger's course id is a 404.
    expect((await page.get('/learn/example/followups/nope')).status).toBe(404);
  }, 60_000);
});
