import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadCourses } from '../../src/courses/course-loader.js';
import type { CourseEdition } from '../../src/courses/course.types.js';
import { makeStaff } from '../factories/staff.factory.js';
import { Api } from '../support/api.js';
import { PageClient } from '../support/browserless.js';
import { enrol, TEST_PASSWORD } from '../support/people.js';
import { ADMIN, startServer, type TestServer } from '../support/server.js';

const carma = loadCourses(resolve('courses')).courses.find((c) => c.id === 'carma') as CourseEdition;
const rightAnswers = Object.fromEntries(
  carma.quiz.map((q) => [q.id, q.type === 'single' ? q.answer[0] : q.answer]),
);
const items = carma.survey?.items.map((item) => item.id) ?? [];
const PRE = '/api/me/courses/carma/survey/pre';
const POST = '/api/me/courses/carma/survey/post';

interface Figure {
  count: number | null;
  mean: number | null;
  hidden: string | null;
}
interface Report {
  minGroup: number;
  items: {
    id: string;
    overall: { before: Figure; after: Figure };
    groups: { key: string; before: Figure; after: Figure }[];
  }[];
}

async function signIn(url: string, email: string): Promise<PageClient> {
  const pages = new PageClient(url);
  await pages.get('/login');
  await pages.post('/login', [
    ['email', email],
    ['password', TEST_PASSWORD],
    ['next', '/'],
  ]);
  return pages;
}

describe('anonymous surveys (the whole app over HTTP)', () => {
  let server: TestServer;
  const people = new Map<string, Api>();
  const learners = ['l1', 'l2', 'l3', 'l4', 'l5'];

  beforeAll(async () => {
    server = await startServer({ HEARTH_TODAY: '2026-09-01', HEARTH_SURVEY_MIN_GROUP: '3' });
    const admin = await new Api(server.url).login(ADMIN.email, ADMIN.password);
    const sessions = await enrol(
      admin,
      [
        ...learners.map((id, i) =>
          makeStaff({
            employeeId: id.toUpperCase(),
            email: `${id}@district.test`,
            siteCode: i < 4 ? 'WEST' : 'EAST',
            jobRole: i === 3 ? 'counselor' : 'teacher',
          }),
        ),
        makeStaff({ employeeId: 'HR', email: 'hr@district.test', jobRole: 'support' }),
        makeStaff({ employeeId: 'TR', email: 'tr@district.test', jobRole: 'support' }),
      ],
      { HR: ['hr'], TR: ['trainer'] },
    );
    for (const [email, api] of sessions) people.set(email.split('@')[0], api);
    people.set('admin', admin);
  }, 90_000);
  afterAll(async () => {
    await server?.stop();
  });

  const as = (who: string) => people.get(who) as Api;

  it('refuses bad answers with 422 naming the item, and unknown fields with 400', async () => {
    const l1 = as('l1');
    const unknown = await l1.post<{ message: string[] }>(PRE, { answers: { 'not-an-item': 3 } });
    expect(unknown.status).toBe(422);
    expect(unknown.body.message[0]).toContain('answers.not-an-item: this survey has no item "not-an-item"');
    const range = await l1.post<{ message: string[] }>(PRE, { answers: { [items[0]]: 6, [items[1]]: 2.5 } });
    expect(range.status).toBe(422);
    expect(range.body.message).toEqual([
      `answers.${items[0]} must be a whole number from 1 to 5 (found 6)`,
      `answers.${items[1]} must be a whole number from 1 to 5 (found 2.5)`,
    ]);
    const shape = await l1.post<{ message: string[] }>(PRE, { answers: [3, 4] });
    expect(shape.status).toBe(422);
    expect(shape.body.message[0]).toMatch(/^answers must be an object/);
    expect((await l1.post(PRE, { answers: {}, skip: true })).status).toBe(422);
    expect((await l1.post(PRE, { answers: {}, extra: 1 })).status).toBe(400);
    expect((await l1.post('/api/me/courses/carma/survey/during', { answers: {} })).status).toBe(400);
    // Nothing was stored by any of these: the phase is still open.
    expect((await l1.get<{ status: string }>(PRE)).body.status).toBe('open');
  });

  it('lets a learner answer before, complete the course, and answer after, once each', async () => {
    const l1 = as('l1');
    const view = await l1.get<{
      status: string;
      items: { id: string; statement: string }[];
      scale: { value: number; label: string }[];
    }>(PRE);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ status: 'open', edition: '2026-27', phase: 'pre' });
    expect(view.body.items.map((item) => item.id)).toEqual(items);
    expect(view.body.scale[0]).toEqual({ value: 1, label: 'Strongly disagree' });
    expect((await l1.post(PRE, { answers: { [items[0]]: 2, [items[1]]: 4 } })).body).toEqual({
      status: 'answered',
      answered: 2,
    });
    const twice = await l1.post<{ message: string }>(PRE, { answers: { [items[0]]: 5 } });
    expect(twice.status).toBe(409);
    expect(twice.body.message).toBe('You have already answered the before survey of this course');
    const early = await l1.post<{ message: string }>(POST, { answers: { [items[0]]: 5 } });
    expect(early.status).toBe(409);
    expect(early.body.message).toBe('The after survey is asked once you have completed the course');

    for (const module of carma.modules) await l1.post(`/api/me/courses/carma/modules/${module.id}/complete`);
    expect((await l1.post('/api/me/courses/carma/quiz/attempts', { answers: rightAnswers })).status).toBe(
      200,
    );
    expect(
      (await l1.post<{ completion?: unknown }>('/api/me/courses/carma/attest')).body.completion,
    ).toBeDefined();
    expect((await l1.get<{ status: string }>(POST)).body.status).toBe('open');
    expect((await l1.post(POST, { answers: { [items[0]]: 4, [items[1]]: 5 } })).body).toEqual({
      status: 'answered',
      answered: 2,
    });
    expect((await l1.get<{ status: string }>(POST)).body.status).toBe('answered');
    expect((await l1.post(POST, { skip: true })).status).toBe(409);
  });

  it('remembers a skip, and refuses the survey to someone the course is not assigned to', async () => {
    expect((await as('l5').post(PRE, { skip: true })).body).toEqual({ status: 'skipped', answered: 0 });
    expect((await as('l5').get<{ status: string }>(PRE)).body.status).toBe('skipped');
    expect((await as('l5').post(PRE, { answers: { [items[0]]: 1 } })).status).toBe(409);
    expect((await as('l5').get('/api/me/courses/not-assigned/survey/pre')).status).toBe(403);
    expect((await as('l5').post('/api/me/courses/not-assigned/survey/pre', { skip: true })).status).toBe(403);
    expect((await new Api(server.url).get(PRE)).status).toBe(401);
  });

  it('gives trainers and HR the report with small groups hidden, as JSON and CSV, and learners 403', async () => {
    for (const who of ['l2', 'l3', 'l4']) await as(who).post(PRE, { answers: { [items[0]]: 4 } });
    const trainer = await as('tr').get<Report>('/api/reports/surveys?courseId=carma&groupBy=site');
    expect(trainer.status).toBe(200);
    const first = trainer.body.items.find((item) => item.id === items[0]);
    // WEST: l1 (2) and l2, l3, l4 (4 each): 4 answers, mean 3.5; EAST skipped. After: l1 alone, hidden.
    expect(first?.overall.before).toEqual({ count: 4, mean: 3.5, hidden: null });
    expect(first?.overall.after).toEqual({ count: null, mean: null, hidden: 'fewer than 3 answers' });
    expect(first?.groups).toEqual([
      {
        key: 'WEST',
        name: expect.any(String),
        before: { count: 4, mean: 3.5, hidden: null },
        after: { count: null, mean: null, hidden: 'fewer than 3 answers' },
      },
    ]);
    const byRole = await as('hr').get<Report>(
      '/api/reports/surveys?courseId=carma&edition=2026-27&groupBy=role',
    );
    const roles = byRole.body.items.find((item) => item.id === items[0])?.groups;
    // 3 teachers and 1 counselor: the counselor is hidden, and so the teachers are too (4 − 3 = 1).
    expect(roles?.map((g) => [g.key, g.before.hidden])).toEqual([
      ['counselor', 'fewer than 3 answers'],
      ['teacher', 'so that a smaller group cannot be worked out by subtraction'],
    ]);
    const csv = await as('hr').get<string>('/api/reports/surveys.csv?courseId=carma&groupBy=site');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe(
      'attachment; filename="survey-carma-2026-27-by-site.csv"',
    );
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe(
      'item_id,statement,reverse_worded,group_by,group,count_before,mean_before,count_after,mean_after,note',
    );
    expect(lines.find((line) => line.startsWith(`${items[0]},`) && line.includes(',site,all,'))).toMatch(
      /,site,all,4,3\.5,,,after: fewer than 3 answers$/,
    );
    for (const text of [JSON.stringify(trainer.body), JSON.stringify(byRole.body), csv.body])
      expect(text).not.toMatch(/l\d@district|L\d\b/);
    expect((await as('l2').get('/api/reports/surveys?courseId=carma')).status).toBe(403);
    expect((await as('l2').get('/api/reports/surveys.csv?courseId=carma')).status).toBe(403);
    expect(
      (await as('tr').get<{ message: string[] }>('/api/reports/surveys?courseId=carma&groupBy=school'))
        .status,
    ).toBe(400);
    expect((await as('tr').get('/api/reports/surveys?courseId=nope')).status).toBe(404);
  });

  it('runs the survey page without script: radio fieldsets, Skip as plain as Submit, and the mark remembered', async () => {
    const before = await signIn(server.url, 'l5@district.test');
    expect((await before.get('/learn/carma')).html).not.toContain('/learn/carma/survey/pre');
    const pages = await signIn(server.url, 'tr@district.test');
    const course = await pages.get('/learn/carma');
    expect(course.html).toContain('href="/learn/carma/survey/pre"');
    const page = await pages.get('/learn/carma/survey/pre');
    expect(page.status).toBe(200);
    expect(page.html).toContain('Your answers are anonymous');
    expect(page.html.match(/<fieldset class="question"/g)).toHaveLength(items.length);
    expect(page.html.match(/<legend>/g)).toHaveLength(items.length);
    expect(page.html).toContain(
      '<button type="submit" name="action" value="skip" class="button">Skip the survey</button>',
    );
    const sent = await pages.post('/learn/carma/survey/pre', [
      [`item.${items[0]}`, '5'],
      [`item.${items[1]}`, ''],
      ['action', 'submit'],
    ]);
    expect(sent.status).toBe(303);
    expect((await pages.follow(sent)).html).toContain('Thank you. Your answers are stored anonymously');
    expect((await as('tr').get<{ status: string }>(PRE)).body.status).toBe('answered');
    expect((await pages.get('/learn/carma')).html).not.toContain('/learn/carma/survey/pre');
    const report = await pages.get('/reports/surveys?course=carma@2026-27&groupBy=site');
    expect(report.status).toBe(200);
    expect(report.html).toContain('Hidden: fewer than 3 answers');
    expect(report.html).toContain(
      'href="/reports/surveys.csv?course&#x3D;carma%402026-27&amp;groupBy&#x3D;site"',
    );
    const csv = await pages.get('/reports/surveys.csv?course=carma%402026-27&groupBy=site');
    expect(csv.status).toBe(200);
    expect((await before.get('/reports/surveys')).status).toBe(403);
  });

  it('offers the after survey on the completion page, until it is skipped there', async () => {
    const l3 = as('l3');
    for (const module of carma.modules) await l3.post(`/api/me/courses/carma/modules/${module.id}/complete`);
    await l3.post('/api/me/courses/carma/quiz/attempts', { answers: rightAnswers });
    await l3.post('/api/me/courses/carma/attest');
    const pages = await signIn(server.url, 'l3@district.test');
    expect((await pages.get('/learn/carma/complete')).html).toContain('href="/learn/carma/survey/post"');
    await pages.get('/learn/carma/survey/post');
    const skipped = await pages.post('/learn/carma/survey/post', [
      [`item.${items[0]}`, '3'],
      ['action', 'skip'],
    ]);
    expect((await pages.follow(skipped)).html).toContain('You skipped this survey');
    expect((await pages.get('/learn/carma/complete')).html).not.toContain('/learn/carma/survey/post');
    // The skip stored nothing: still only l1's after answer, one answer, hidden.
    const report = await as('tr').get<Report>('/api/reports/surveys?courseId=carma');
    expect(report.body.items[0].overall.after.hidden).toBe('fewer than 3 answers');
    // A learner who has not completed it is told when the after survey comes.
    const early = await signIn(server.url, 'l2@district.test');
    expect((await early.get('/learn/carma/survey/post')).html).toContain(
      'The after survey is asked once you have completed the course.',
    );
  });

  it('shows no individual answer to anyone: the admin’s audit log and the trainer’s course page included', async () => {
    const audit = await as('admin').get<unknown>('/api/audit');
    expect(audit.status).toBe(200);
    expect(JSON.stringify(audit.body)).not.toMatch(/survey/i);
    const pages = await signIn(server.url, 'tr@district.test');
    expect((await pages.get('/trainer/courses/carma/2026-27')).html).toContain(
      'href="/reports/surveys?course=carma@2026-27"',
    );
  });
});
