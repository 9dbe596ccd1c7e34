import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { makeStaff } from '../factories/staff.factory.js';
import { Api } from '../support/api.js';
import { PageClient } from '../support/browserless.js';
import { EXAMPLE_ANSWERS, enrol, finishExampleCourse, TEST_PASSWORD } from '../support/people.js';
import { ADMIN, startServer, type TestServer } from '../support/server.js';

const COURSES_DIR = resolve(process.cwd(), 'test/fixtures/courses');
const WRONG: [string, string][] = [
  ['answer.q1', 'b'],
  ['answer.q2', 'b'],
  ['answer.q3', 'a'],
];

/** The learner's way through the pages: a module marked read as they move on, a quiz result that a refresh keeps. */
describe('the learner’s way (pages)', () => {
  let server: TestServer;
  let learner: Api;
  let other: Api;

  async function signIn(email: string): Promise<PageClient> {
    const pages = new PageClient(server.url);
    await pages.get('/login');
    const signedIn = await pages.post('/login', [
      ['email', email],
      ['password', TEST_PASSWORD],
      ['next', '/'],
    ]);
    expect(signedIn.status).toBe(303);
    return pages;
  }

  const attempts = async (api: Api) =>
    (await api.get<{ attempts: number }>('/api/me/courses/example/quiz')).body.attempts;

  beforeAll(async () => {
    server = await startServer({ COURSES_DIR, HEARTH_TODAY: '2026-10-19' });
    const admin = await new Api(server.url).login(ADMIN.email, ADMIN.password);
    const people = [
      makeStaff({ employeeId: 'W1', email: 'way@district.test', hireDate: '2020-08-10' }),
      makeStaff({ employeeId: 'W2', email: 'other@district.test', hireDate: '2020-08-10' }),
    ];
    const sessions = await enrol(admin, people);
    [learner, other] = people.map((person) => sessions.get(person.email) as Api);
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('says on My training how far off the due date is, the minutes left and the PD hours', async () => {
    const pages = await signIn('way@district.test');
    const home = await pages.get('/');
    // 2026-10-19 to the due date, 2026-10-31: 12 days, counted on the district's day (HEARTH_TODAY).
    expect(home.html).toContain('due in 12 days</strong>, on October 31, 2026');
    expect(home.html).toContain('About 18 minutes of reading left · 0.5 PD hours');
    // The API keeps the contract's fields only.
    const mine = await learner.get<Record<string, unknown>[]>('/api/me/assignments');
    expect(Object.keys(mine.body[0]).sort()).toEqual(
      [
        'certificateSerial',
        'completedAt',
        'courseId',
        'dueDate',
        'edition',
        'modulesDone',
        'modulesTotal',
        'status',
        'title',
      ].sort(),
    );
  });

  it('starts from the top of the course page, and marks each module read as the learner moves on', async () => {
    const pages = await signIn('way@district.test');
    const course = await pages.get('/learn/example');
    expect(course.html).toContain(
      '<a class="button" href="/learn/example/modules/welcome">Start the course</a>',
    );
    // The button comes before the overview (which can be long), the steps after it.
    expect(course.html.indexOf('Start the course')).toBeLessThan(course.html.indexOf('module-body'));

    await pages.get('/learn/example/modules/welcome');
    const marked = await pages.post('/learn/example/modules/welcome/complete', []);
    expect(marked).toMatchObject({ status: 303, location: '/learn/example/modules/hard-days?read=welcome' });
    const next = await pages.follow(marked);
    expect(next.html).toContain('Module 1 of 2 marked as read: Welcome.');
    expect(next.html).toContain('1 of 2 modules read');

    // A hand-made link cannot confirm what did not happen: hard-days is not read yet.
    expect((await pages.get('/learn/example/modules/welcome?read=hard-days')).html).not.toContain(
      'marked as read:',
    );
    const resumed = await pages.get('/learn/example');
    expect(resumed.html).toContain('Continue with When Days Are Hard');
    expect(resumed.html).toContain('About 10 minutes of reading left, then the quiz.');

    const last = await pages.post('/learn/example/modules/hard-days/complete', []);
    expect(last).toMatchObject({ status: 303, location: '/learn/example/quiz?read=hard-days' });
    expect((await pages.follow(last)).html).toContain('Module 2 of 2 marked as read: When Days Are Hard.');
  });

  it('shows a quiz result on a page of its own: a refresh sends nothing, and nobody else can open it', async () => {
    const pages = await signIn('way@district.test');
    await pages.get('/learn/example/quiz');
    const before = await attempts(learner);
    const sent = await pages.post('/learn/example/quiz', WRONG);
    const number = before + 1;
    expect(sent).toMatchObject({ status: 303, location: `/learn/example/quiz/attempts/${number}` });
    for (let refresh = 0; refresh < 2; refresh++) {
      const result = await pages.follow(sent);
      expect(result.status).toBe(200);
      expect(result.html).toContain('Not yet: let’s try again');
      expect(result.html).toContain('Your score: <strong>33%</strong>');
      expect(result.html).toContain(`Attempt ${number}`);
    }
    expect(await attempts(learner)).toBe(number);

    // The number is looked up in the viewer's own assignment only: W2 has no such attempt.
    const others = await signIn('other@district.test');
    expect((await others.get(`/learn/example/quiz/attempts/${number}`)).status).toBe(404);
    expect((await pages.get('/learn/example/quiz/attempts/99')).status).toBe(404);
    expect((await pages.get('/learn/example/quiz/attempts/first')).status).toBe(400);
    expect(await attempts(other)).toBe(0);
  });

  it('keeps a practice result (after completion: never stored) through a refresh by its marks alone', async () => {
    await finishExampleCourse(learner);
    const stored = await attempts(learner);
    const pages = await signIn('way@district.test');
    await pages.get('/learn/example/quiz');
    const sent = await pages.post('/learn/example/quiz', WRONG);
    // Question 3 right, 1 and 2 not.
    expect(sent).toMatchObject({ status: 303, location: '/learn/example/quiz/practice?right=001' });
    for (let refresh = 0; refresh < 2; refresh++) {
      const result = await pages.follow(sent);
      expect(result.html).toContain('this was practice: your score is not recorded');
      expect(result.html).toContain('Your score: <strong>33%</strong>');
    }
    const right = Object.entries(EXAMPLE_ANSWERS).flatMap(([q, a]) =>
      (Array.isArray(a) ? a : [a]).map((id) => [`answer.${q}`, id] as [string, string]),
    );
    await pages.get('/learn/example/quiz');
    const passed = await pages.post('/learn/example/quiz', right);
    expect(passed.location).toBe('/learn/example/quiz/practice?right=111');
    expect((await pages.follow(passed)).html).toContain('You passed the quiz');
    expect(await attempts(learner)).toBe(stored);
    // Marks that do not fit the quiz lead back to it.
    expect(await pages.get('/learn/example/quiz/practice?right=1')).toMatchObject({
      status: 303,
      location: '/learn/example/quiz',
    });
    // Practice exists after completion only: for W2, who has not completed, marks show nothing.
    const others = await signIn('other@district.test');
    expect((await others.get('/learn/example/quiz/practice?right=111')).status).toBe(303);
  });
});
