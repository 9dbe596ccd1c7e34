import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { asTakenBy } from '../../src/courses/audience.js';
import { loadCourses } from '../../src/courses/course-loader.js';
import type { CourseEdition } from '../../src/courses/course.types.js';
import { makeStaff } from '../factories/staff.factory.js';
import { Api } from '../support/api.js';
import { enrol, TEST_PASSWORD } from '../support/people.js';
import { PageClient } from '../support/browserless.js';
import { ADMIN, startServer, type TestServer } from '../support/server.js';

interface MyAssignment {
  courseId: string;
  edition: string;
  dueDate: string;
  status: string;
  modulesDone: number;
  modulesTotal: number;
  completedAt: string | null;
}

const shipped = loadCourses(resolve('courses')).courses;
const carma = shipped.find((c) => c.id === 'carma') as CourseEdition;
// As the learners here (teachers) take it: without the modules for administrators and counselors.
const healing = asTakenBy(shipped.find((c) => c.id === 'healing-centered') as CourseEdition, 'teacher');
const rightAnswers = Object.fromEntries(
  carma.quiz.map((q) => [q.id, q.type === 'single' ? q.answer[0] : q.answer]),
);
/** Wrong on the first four of 16 questions: 75%, under the 80% needed. */
const wrongAnswers = Object.fromEntries(
  carma.quiz.map((q, i) => {
    if (i >= 4) return [q.id, q.type === 'single' ? q.answer[0] : q.answer];
    const wrong = q.options.find((o) => !q.answer.includes(o.id))?.id as string;
    return [q.id, q.type === 'single' ? wrong : [wrong]];
  }),
);

describe('the learner’s path over HTTP', () => {
  let server: TestServer;
  let admin: Api;
  let hr: Api;
  let learner: Api;
  let second: Api;

  beforeAll(async () => {
    server = await startServer({ HEARTH_TODAY: '2026-11-23' });
    const anonymous = new Api(server.url);
    admin = await anonymous.login(ADMIN.email, ADMIN.password);
    const people = [
      makeStaff({ employeeId: 'L1', email: 'learner@district.test', hireDate: '2020-08-10' }),
      makeStaff({
        employeeId: 'L2',
        email: 'second@district.test',
        hireDate: '2026-11-10',
        jobRole: 'paraprofessional',
      }),
      makeStaff({ employeeId: 'H1', email: 'hr@district.test', jobRole: 'administrator' }),
    ];
    const sessions = await enrol(admin, people, { H1: ['hr'] });
    [learner, second, hr] = people.map((person) => sessions.get(person.email) as Api);
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
  });

  const mine = async (api: Api) => (await api.get<MyAssignment[]>('/api/me/assignments')).body;

  it('shows what is assigned, when it is due and its status', async () => {
    expect((await new Api(server.url).get('/api/me/assignments')).status).toBe(401);
    expect(await mine(learner)).toEqual([
      {
        courseId: 'healing-centered',
        edition: '2026-27',
        title: 'Healing-Centered Practice',
        dueDate: '2026-10-31',
        status: 'overdue',
        modulesDone: 0,
        modulesTotal: 6,
        completedAt: null,
        certificateSerial: null,
      },
      {
        courseId: 'carma',
        edition: '2026-27',
        title: carma.title,
        dueDate: '2027-01-31',
        status: 'not_started',
        modulesDone: 0,
        modulesTotal: 7,
        completedAt: null,
        certificateSerial: null,
      },
    ]);
    // Hired 2026-11-10, after the editions opened: due 30 days later (2026-12-10, a Thursday), for both.
    expect((await mine(second)).map((a) => [a.courseId, a.dueDate, a.status])).toEqual([
      ['carma', '2026-12-10', 'not_started'],
      ['healing-centered', '2026-12-10', 'not_started'],
    ]);
  });

  it('serves the quiz without answers or explanations', async () => {
    const { status, body } = await learner.get<{ questions: unknown[]; passingScore: number }>(
      '/api/me/courses/carma/quiz',
    );
    expect(status).toBe(200);
    expect(body.passingScore).toBe(80);
    expect(body.questions).toHaveLength(carma.quiz.length);
    const text = JSON.stringify(body);
    expect(text).not.toContain('"answer"');
    expect(text).not.toContain('explanation');
  });

  it('takes no score from the client and refuses answers it cannot read', async () => {
    const cheat = await learner.post<{ message: string[] }>('/api/me/courses/carma/quiz/attempts', {
      answers: rightAnswers,
      score: 100,
      passed: true,
    });
    expect(cheat.status).toBe(400);
    expect(cheat.body.message).toEqual([
      'property score should not exist',
      'property passed should not exist',
    ]);
    const unknown = await learner.post<{ message: string[] }>('/api/me/courses/carma/quiz/attempts', {
      answers: { ...rightAnswers, q99: 'a' },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toEqual(['answers.q99 is not a question of this quiz']);
    expect(
      (await learner.post('/api/me/courses/carma/quiz/attempts', { answers: 'all of them' })).status,
    ).toBe(400);
  });

  it('answers 403 for a course that is not assigned and 404 for a module that does not exist', async () => {
    expect((await learner.post('/api/me/courses/not-a-course/modules/x/complete')).status).toBe(403);
    expect((await learner.post('/api/me/courses/carma/modules/not-a-module/complete')).status).toBe(404);
  });

  it('completes CARMA only by doing the work: modules, a passing quiz, the attestation', async () => {
    // The statement affirms every module was completed: not before.
    const early = await learner.post<{ message: string }>('/api/me/courses/carma/attest');
    expect([early.status, early.body.message]).toEqual([
      409,
      'Complete every module before giving the attestation: 0 of 7 done',
    ]);
    let last: { modulesDone: number; modulesTotal: number } | undefined;
    for (const module of carma.modules) {
      const response = await learner.post<{ modulesDone: number; modulesTotal: number }>(
        `/api/me/courses/carma/modules/${module.id}/complete`,
      );
      expect(response.status).toBe(200);
      last = response.body;
    }
    expect(last).toEqual({
      courseId: 'carma',
      edition: '2026-27',
      moduleId: 'a-school-day',
      modulesDone: 7,
      modulesTotal: 7,
    });
    // Marking again changes nothing.
    expect(
      (await learner.post<{ modulesDone: number }>('/api/me/courses/carma/modules/culture/complete')).body
        .modulesDone,
    ).toBe(7);

    const wrong = await learner.post<{
      score: number;
      passed: boolean;
      missed: string[];
      results: { explanation: string }[];
    }>('/api/me/courses/carma/quiz/attempts', { answers: wrongAnswers });
    expect(wrong.body).toMatchObject({
      score: 75,
      passed: false,
      attempt: 1,
      missed: carma.quiz.slice(0, 4).map((q) => q.id),
    });
    expect(wrong.body.results[0].explanation).toBe(carma.quiz[0].explanation);
    expect((await mine(learner)).find((a) => a.courseId === 'carma')?.status).toBe('in_progress');

    const right = await learner.post('/api/me/courses/carma/quiz/attempts', { answers: rightAnswers });
    expect(right.body).toMatchObject({ score: 100, passed: true, attempt: 2 });
    expect(right.body).not.toHaveProperty('completion');

    const attest = await learner.post<{
      statement: string;
      completion: { contentHash: string; completedAt: string };
    }>('/api/me/courses/carma/attest');
    expect(attest.status).toBe(200);
    expect(attest.body.statement).toBe(carma.attestation);
    expect(attest.body.completion).toMatchObject({
      contentHash: carma.contentHash,
      completedAt: expect.any(String),
    });
    const done = (await mine(learner)).find((a) => a.courseId === 'carma');
    expect(done).toMatchObject({
      status: 'completed',
      completedAt: attest.body.completion.completedAt,
      modulesDone: 7,
    });
  });

  it('turns two simultaneous final submissions into one completion', async () => {
    for (const module of carma.modules)
      await second.post(`/api/me/courses/carma/modules/${module.id}/complete`);
    await second.post('/api/me/courses/carma/attest');
    const [a, b] = await Promise.all([
      second.post<{ completion: { completedAt: string } }>('/api/me/courses/carma/quiz/attempts', {
        answers: rightAnswers,
      }),
      second.post<{ completion: { completedAt: string } }>('/api/me/courses/carma/quiz/attempts', {
        answers: rightAnswers,
      }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.body.completion.completedAt).toBe(b.body.completion.completedAt);
  });

  it('treats a quiz taken after completion as practice: scored, not recorded, not in the item statistics', async () => {
    const items = async () =>
      (await admin.get<{ attempts: number }>('/api/reports/quiz-items?courseId=carma&edition=2026-27')).body
        .attempts;
    const before = await items();
    const practice = await learner.post<{
      score: number;
      attempt: number | null;
      practice: boolean;
      completion: { completedAt: string } | null;
    }>('/api/me/courses/carma/quiz/attempts', { answers: wrongAnswers });
    expect(practice.status).toBe(200);
    expect(practice.body).toMatchObject({ score: 75, passed: false, attempt: null, practice: true });
    // The course stays completed, as it was.
    expect(practice.body.completion?.completedAt).toBe(
      (await mine(learner)).find((a) => a.courseId === 'carma')?.completedAt,
    );
    expect(await items()).toBe(before);
  });

  it('completes Healing-Centered Practice through the pages alone (forms, session cookie, CSRF)', async () => {
    const pages = new PageClient(server.url);
    await pages.get('/login');
    const signedIn = await pages.post('/login', [
      ['email', 'learner@district.test'],
      ['password', TEST_PASSWORD],
      ['next', '/'],
    ]);
    expect(signedIn).toMatchObject({ status: 303, location: '/' });
    const home = await pages.follow(signedIn);
    expect(home.html).toContain('Healing-Centered Practice');
    expect(home.html).toContain('Past due');

    // The modules for administrators and counselors are not a teacher's to read.
    expect((await pages.get('/learn/healing-centered/modules/leading-a-restorative-school')).status).toBe(
      404,
    );

    // The attestation waits for the modules: the page says what comes first, and a post is refused.
    const tooSoon = await pages.get('/learn/healing-centered/attest');
    expect(tooSoon.html).toContain('You have 6 modules still to complete.');
    expect(tooSoon.html).not.toContain('Give my attestation');
    const refused = await pages.post('/learn/healing-centered/attest', [['agree', 'yes']]);
    expect(refused.status).toBe(409);
    expect(refused.html).toContain(`Continue with ${healing.modules[0].title}`);

    // Every module but the last, then the quiz: the last module then leads to the attestation.
    const [lastModule] = healing.modules.slice(-1);
    let page = await pages.get(`/learn/healing-centered/modules/${healing.modules[0].id}`);
    for (const [i, module] of healing.modules.slice(0, -1).entries()) {
      expect(page.html).toContain(module.title);
      // "Mark as read and continue": one post marks it read and leads on; the next page confirms it.
      expect(page.html).toContain('Mark as read and continue');
      const marked = await pages.post(`/learn/healing-centered/modules/${module.id}/complete`, []);
      expect(marked).toMatchObject({
        status: 303,
        location: `/learn/healing-centered/modules/${healing.modules[i + 1].id}?read=${module.id}`,
      });
      page = await pages.follow(marked);
      expect(page.html).toContain(
        `Module ${i + 1} of ${healing.modules.length} marked as read: ${module.title}.`,
      );
      expect(page.html).toContain(`${i + 1} of ${healing.modules.length} modules read`);
    }
    expect(page.html).toContain('Next: the quiz.');
    const wrong = healing.quiz.map(
      (q) =>
        ['answer.' + q.id, q.options.find((o) => !q.answer.includes(o.id))?.id ?? ''] as [string, string],
    );
    // Post, redirect, get: the result is the stored attempt's page, which a refresh shows again.
    const sent = await pages.post('/learn/healing-centered/quiz', wrong);
    expect(sent).toMatchObject({ status: 303, location: '/learn/healing-centered/quiz/attempts/1' });
    const notYet = await pages.follow(sent);
    expect(notYet.status).toBe(200);
    expect(notYet.html).toContain('Not yet: let’s try again');
    expect((await pages.follow(sent)).html).toContain('Not yet: let’s try again');
    // Each explanation is shown (compared up to its first quote mark, which the page escapes).
    expect(notYet.html).toContain(healing.quiz[0].explanation.split(/["'&<>]/)[0]);

    await pages.get('/learn/healing-centered/quiz');
    const right = healing.quiz.flatMap((q) =>
      q.answer.map((id) => ['answer.' + q.id, id] as [string, string]),
    );
    const passedSent = await pages.post('/learn/healing-centered/quiz', right);
    expect(passedSent).toMatchObject({ status: 303, location: '/learn/healing-centered/quiz/attempts/2' });
    const passed = await pages.follow(passedSent);
    expect(passed.html).toContain('You passed the quiz');
    expect(passed.html).toContain('read the 1 module still open');
    expect(passed.html).not.toContain('Continue to the attestation');
    expect((await pages.get(`/learn/healing-centered/modules/${lastModule.id}`)).html).toContain(
      'Next: the attestation.',
    );
    const lastRead = await pages.post(`/learn/healing-centered/modules/${lastModule.id}/complete`, []);
    expect(lastRead).toMatchObject({
      status: 303,
      location: `/learn/healing-centered/attest?read=${lastModule.id}`,
    });
    expect((await pages.follow(lastRead)).html).toContain(
      `Module ${healing.modules.length} of ${healing.modules.length} marked as read`,
    );
    const attested = await pages.post('/learn/healing-centered/attest', [['agree', 'yes']]);
    expect(attested).toMatchObject({ status: 303, location: '/learn/healing-centered/complete' });
    const done = await pages.follow(attested);
    expect(done.html).toContain('You completed Healing-Centered Practice');
    expect((await mine(learner)).find((a) => a.courseId === 'healing-centered')?.status).toBe('completed');
  });

  it('lets HR exempt someone with a reason, and nobody else', async () => {
    const body = {
      courseId: 'healing-centered',
      edition: '2026-27',
      reason: 'On the district’s crisis team; trained separately',
    };
    expect((await learner.post('/api/staff/L2/exemptions', body)).status).toBe(403);
    const missing = await hr.post<{ message: string[] }>('/api/staff/L2/exemptions', {
      courseId: 'healing-centered',
      edition: '2026-27',
    });
    expect(missing.status).toBe(400);
    expect(missing.body.message).toContain('reason must say why (at least 3 characters)');
    const exempted = await hr.post('/api/staff/L2/exemptions', body);
    expect(exempted).toMatchObject({
      status: 201,
      body: { employeeId: 'L2', status: 'exempt', reason: body.reason },
    });
    expect((await mine(second)).find((a) => a.courseId === 'healing-centered')?.status).toBe('exempt');
    const audit = await admin.get<{ action: string; actor: string }[]>('/api/audit?action=assignment.exempt');
    expect(audit.body[0]).toMatchObject({ action: 'assignment.exempt', actor: 'hr@district.test' });
  });
});
