import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { makeStaff } from '../factories/staff.factory.js';
import { Api } from '../support/api.js';
import { PageClient } from '../support/browserless.js';
import { EXAMPLE_ANSWERS, enrol, finishExampleCourse, TEST_PASSWORD } from '../support/people.js';
import { ADMIN, startServer, type TestServer } from '../support/server.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const TIMEOUT = 90_000;
// After the example course's due date (2026-10-31): whoever has not finished it is overdue.
const ENV = { HEARTH_TODAY: '2026-11-16' };
const QUIZ = 'example/2026-27/quiz.yaml';

interface Assignment {
  courseId: string;
  title: string;
  status: string;
  modulesDone: number;
  modulesTotal: number;
  certificateSerial: string | null;
}
interface Edition {
  folder: string;
  ready: boolean;
  lastGoodAt: string | null;
  problems: { file: string; line: number; message: string }[];
}

describe('a published course whose quiz.yaml gets a wrong answer letter', () => {
  const root = mkdtempSync(join(tmpdir(), 'hearth-e2e-last-good-'));
  const quizFile = join(root, QUIZ);
  let db: TestDatabase;
  let server: TestServer;
  let good: string;
  const starter = makeStaff({ employeeId: 'LG001', email: 'starter@district.test' });
  const finisher = makeStaff({ employeeId: 'LG002', email: 'finisher@district.test' });
  const idle = makeStaff({ employeeId: 'LG003', email: 'idle@district.test', jobRole: 'paraprofessional' });
  const trainerStaff = makeStaff({ employeeId: 'LG004', email: 'trainer@district.test', jobRole: 'support' });
  const hrStaff = makeStaff({ employeeId: 'LG005', email: 'hr@district.test', jobRole: 'support' });
  let finisherSerial: string;
  let overdueBefore: number;

  /** A signed-in client for the pages (cookie session), as a person would use them. */
  async function pagesAs(email: string, password = TEST_PASSWORD): Promise<PageClient> {
    const pages = new PageClient(server.url);
    await pages.get('/login');
    await pages.post('/login', [
      ['email', email],
      ['password', password],
    ]);
    return pages;
  }

  const api = async (email: string, password = TEST_PASSWORD) => new Api(server.url).login(email, password);
  const overdue = async () =>
    (
      await (
        await api(hrStaff.email)
      ).get<{ totals: { overdue: number } }>('/api/reports/compliance?courseId=example')
    ).body.totals.overdue;
  const breakQuiz = () => writeFileSync(quizFile, good.replace(/^ {4}answer: a$/m, '    answer: e'));

  beforeAll(async () => {
    cpSync(resolve('test/fixtures/courses/example'), join(root, 'example'), { recursive: true });
    good = readFileSync(quizFile, 'utf8');
    db = await createTestDatabase();
    server = await startServer({ COURSES_DIR: root, ...ENV }, { db });
    const admin = await new Api(server.url).login(ADMIN.email, ADMIN.password);
    const people = await enrol(admin, [starter, finisher, idle, trainerStaff, hrStaff], {
      LG004: ['learner', 'trainer'],
      LG005: ['learner', 'hr'],
    });
    await people.get(starter.email)!.post('/api/me/courses/example/modules/welcome/complete');
    finisherSerial = await finishExampleCourse(people.get(finisher.email)!);
    overdueBefore = await overdue();
    // The typo, then a restart: the files now fail the check.
    breakQuiz();
    await server.stop();
    server = await startServer({ COURSES_DIR: root, ...ENV }, { db });
  }, TIMEOUT);

  afterAll(async () => {
    await server?.stop();
    await db?.drop();
    rmSync(root, { recursive: true, force: true });
  });

  it('keeps the course for a learner part-way through: its modules, and a quiz scored on the last good answers', async () => {
    const learner = await api(starter.email);
    const courses = await learner.get<{ id: string; modules: { id: string }[] }[]>('/api/courses');
    expect(courses.body.map((c) => [c.id, c.modules.map((m) => m.id)])).toEqual([
      ['example', ['welcome', 'hard-days']],
    ]);
    const mine = await learner.get<Assignment[]>('/api/me/assignments');
    expect(mine.body.map((a) => [a.courseId, a.title, a.status, a.modulesDone, a.modulesTotal])).toEqual([
      ['example', 'An Example Course', 'overdue', 1, 2],
    ]);
    expect((await learner.get('/api/courses/example/modules/hard-days')).status).toBe(200);
    const page = await (await pagesAs(starter.email)).get('/learn/example');
    expect([page.status, page.html.includes('Course files need fixing')]).toEqual([200, false]);
  });

  it('keeps the finished learner’s card whole, and its Review link opens the course', async () => {
    const learner = await api(finisher.email);
    const mine = await learner.get<Assignment[]>('/api/me/assignments');
    expect(
      mine.body.map((a) => [a.title, a.status, a.modulesDone, a.modulesTotal, a.certificateSerial]),
    ).toEqual([['An Example Course', 'completed', 2, 2, finisherSerial]]);
    const pages = await pagesAs(finisher.email);
    const home = await pages.get('/');
    expect(home.html).toContain('2 of 2 modules read');
    const review = /<a class="button" href="([^"]+)">Review/.exec(home.html)?.[1];
    expect(review).toBe('/learn/example/complete');
    expect(home.html).not.toContain('Course files need fixing');
    expect((await pages.get(review ?? '')).status).toBe(200);
    expect((await pages.get('/learn/example')).status).toBe(200);
  });

  it('leaves HR’s overdue count as it was', async () => {
    expect(overdueBefore).toBe(2);
    expect(await overdue()).toBe(overdueBefore);
  });

  it('shows trainers, HR and admins a banner with the file and line; the editions list says what is served', async () => {
    const banner = `${QUIZ}:10`;
    for (const [email, password, path] of [
      [trainerStaff.email, TEST_PASSWORD, '/trainer/courses'],
      [hrStaff.email, TEST_PASSWORD, '/hr'],
      [ADMIN.email, ADMIN.password, '/'],
    ]) {
      const page = await (await pagesAs(email, password)).get(path);
      expect([
        email,
        page.status,
        page.html.includes('Course files need fixing'),
        page.html.includes(banner),
      ]).toEqual([email, 200, true, true]);
    }
    const editions = await (await api(trainerStaff.email)).get<Edition[]>('/api/courses/editions');
    expect(
      editions.body.map((e) => [
        e.folder,
        e.ready,
        typeof e.lastGoodAt,
        e.problems.map((p) => `${p.file}:${p.line}`),
      ]),
    ).toEqual([['example/2026-27', true, 'string', [banner]]]);
    expect(editions.body[0].problems[0].message).toContain('answer "e" names no option');
  });

  it('scores the quiz on the last good answers while the files are broken', async () => {
    const attempt = await (
      await api(starter.email)
    ).post<{ passed: boolean }>('/api/me/courses/example/quiz/attempts', {
      answers: EXAMPLE_ANSWERS,
    });
    expect([attempt.status, attempt.body.passed]).toEqual([200, true]);
  });

  it('drops the banner when a reload finds the files fixed, and shows it again when a reload finds them broken', async () => {
    const trainer = await api(trainerStaff.email);
    const hrPages = await pagesAs(hrStaff.email);
    writeFileSync(quizFile, good);
    expect((await trainer.post('/api/courses/reload')).body).toMatchObject({
      editions: 1,
      ready: 1,
      problems: [],
    });
    expect((await hrPages.get('/hr')).html).not.toContain('Course files need fixing');
    const fixed = await trainer.get<Edition[]>('/api/courses/editions');
    expect(fixed.body.map((e) => [e.ready, e.lastGoodAt])).toEqual([[true, null]]);

    breakQuiz();
    expect((await trainer.post<{ ready: number }>('/api/courses/reload')).body.ready).toBe(1);
    expect((await hrPages.get('/hr')).html).toContain(`${QUIZ}:10`);
    expect(await overdue()).toBe(overdueBefore);
  });
});
