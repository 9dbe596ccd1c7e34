import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { makeStaff } from '../factories/staff.factory.js';
import { Api } from '../support/api.js';
import { enrol, TEST_PASSWORD } from '../support/people.js';
import { ADMIN, startServer, type TestServer } from '../support/server.js';

/** A courses folder with the example course, a draft edition of it, and nothing else. */
function coursesFolder(): string {
  const root = mkdtempSync(join(tmpdir(), 'hearth-e2e-courses-'));
  cpSync(resolve('test/fixtures/courses/example'), join(root, 'example'), { recursive: true });
  cpSync(join(root, 'example/2026-27'), join(root, 'example/2027-28'), { recursive: true });
  const course = join(root, 'example/2027-28/course.md');
  writeFileSync(
    course,
    readFileSync(course, 'utf8')
      .replace('edition: 2026-27', 'edition: 2027-28')
      .replace('opensOn: 2026-08-01', 'opensOn: 2027-08-01')
      .replace('dueDate: 2026-10-31', 'dueDate: 2027-10-31')
      .replace('draft: false', 'draft: true'),
  );
  const module = join(root, 'example/2027-28/modules/01-welcome.md');
  writeFileSync(module, readFileSync(module, 'utf8').replace('Why we are here', 'Why we are here this year'));
  // The edition in force names a district fact and has a content note on its quiz.
  const welcome = join(root, 'example/2026-27/modules/01-welcome.md');
  writeFileSync(welcome, `${readFileSync(welcome, 'utf8')}\nTo report, call {{district.state_hotline}}.\n`);
  const quiz = join(root, 'example/2026-27/quiz.yaml');
  writeFileSync(
    quiz,
    `contentNote: Some questions describe a child in danger.\n${readFileSync(quiz, 'utf8')}`,
  );
  return root;
}

describe('courses over HTTP', () => {
  let server: TestServer;
  let root: string;
  const anonymous = () => new Api(server.url);
  let learner: Api;
  let trainer: Api;
  let hr: Api;
  let trainerCookie: string;

  beforeAll(async () => {
    root = coursesFolder();
    server = await startServer({
      COURSES_DIR: root,
      HEARTH_TODAY: '2026-11-23',
      HEARTH_STATE_HOTLINE: 'the <Hotline> at 1-800-555-0100',
      HEARTH_SUPPORT_TEXT: 'Call the EAP at 555-0199.',
    });
    const admin = await anonymous().login(ADMIN.email, ADMIN.password);
    const people = [
      makeStaff({ employeeId: 'T1', email: 'trainer@district.test' }),
      makeStaff({ employeeId: 'L1', email: 'learner@district.test' }),
      makeStaff({ employeeId: 'H1', email: 'hr@district.test' }),
    ];
    const sessions = await enrol(admin, people, { T1: ['trainer'], H1: ['hr'] });
    [trainer, learner, hr] = people.map((person) => sessions.get(person.email) as Api);
    const login = await anonymous().post('/api/auth/login', {
      email: 'trainer@district.test',
      password: TEST_PASSWORD,
    });
    trainerCookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('lists published editions to anyone signed in, without drafts or answers', async () => {
    expect((await anonymous().get('/api/courses')).status).toBe(401);
    const { status, body } = await learner.get<Record<string, unknown>[]>('/api/courses');
    expect(status).toBe(200);
    expect(body.map((c) => `${String(c.id)}@${String(c.edition)}`)).toEqual(['example@2026-27']);
    expect(body[0]).toMatchObject({
      title: 'An Example Course',
      estimatedMinutes: 20,
      pdHours: 0.5,
      audienceRoles: ['teacher', 'paraprofessional'],
      dueDate: '2026-10-31',
      modules: [
        { id: 'welcome', title: 'Welcome', minutes: 8, contentHash: expect.stringMatching(/^[0-9a-f]{64}$/) },
        {
          id: 'hard-days',
          title: 'When Days Are Hard',
          minutes: 10,
          contentHash: expect.stringMatching(/^[0-9a-f]{64}$/),
        },
      ],
    });
    const text = JSON.stringify(body);
    expect(text).not.toContain('"answer"');
    expect(text).not.toContain('explanation');
  });

  it('serves a module of the edition in force as HTML', async () => {
    const { status, body } = await learner.get<{ html: string; contentHash: string }>(
      '/api/courses/example/modules/welcome',
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: 'welcome', title: 'Welcome', minutes: 8, edition: '2026-27' });
    expect(body.html).toContain('Why we are here</h2>');
    expect(body.html).not.toContain('this year');
  });

  it('never serves a draft edition to the API, even when asked by name', async () => {
    expect((await learner.get('/api/courses/example/modules/welcome?edition=2027-28')).status).toBe(404);
    expect((await trainer.get('/api/courses/example/modules/welcome?edition=2027-28')).status).toBe(404);
  });

  it('answers 404 for an unknown module and 400 for a malformed id', async () => {
    expect((await learner.get('/api/courses/example/modules/nope')).status).toBe(404);
    const bad = await learner.get<{ message: string[] }>('/api/courses/..%2F..%2Fetc/modules/welcome');
    expect(bad.status).toBe(400);
    expect(bad.body.message[0]).toContain('courseId must be a course id');
  });

  it('lets a trainer preview a draft module that learners cannot see', async () => {
    const preview = await fetch(`${server.url}/trainer/courses/example/2027-28/modules/welcome`, {
      headers: { cookie: trainerCookie },
    });
    expect(preview.status).toBe(200);
    const html = await preview.text();
    expect(html).toContain('Why we are here this year');
    expect(html).toContain('once the edition is published (it is a draft)');
    const learnerLogin = await anonymous().post('/api/auth/login', {
      email: 'learner@district.test',
      password: TEST_PASSWORD,
    });
    const learnerCookie = (learnerLogin.headers.get('set-cookie') ?? '').split(';')[0];
    const refused = await fetch(`${server.url}/trainer/courses/example/2027-28/modules/welcome`, {
      headers: { cookie: learnerCookie },
    });
    expect(refused.status).toBe(403);
  });

  it('shows the answer key on the trainer quiz preview, each question once', async () => {
    const page = await fetch(`${server.url}/trainer/courses/example/2026-27/quiz`, {
      headers: { cookie: trainerCookie },
    });
    const html = await page.text();
    expect(html).toContain('with the answer key, which only trainers see');
    expect(html).toContain('Greeting them by name. <strong class="correct-tag">Correct</strong>');
    expect(html.split('<fieldset class="question">').length - 1).toBe(3);
    expect(html.split('Question 1.').length - 1).toBe(1);
  });

  it('fills district facts from the configuration, escaped', async () => {
    const { body } = await learner.get<{ html: string }>('/api/courses/example/modules/welcome');
    expect(body.html).toContain('To report, call the &lt;Hotline&gt; at 1-800-555-0100.');
    expect(body.html).not.toContain('{{district');
  });

  it('shows the quiz’s content note with the support text before the first question', async () => {
    const login = await anonymous().post('/api/auth/login', {
      email: 'learner@district.test',
      password: TEST_PASSWORD,
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
    const api = await learner.get<{ contentNote: string | null }>('/api/me/courses/example/quiz');
    expect(api.body.contentNote).toBe('Some questions describe a child in danger.');
    for (const [path, headers] of [
      ['/learn/example/quiz', { cookie }],
      ['/trainer/courses/example/2026-27/quiz', { cookie: trainerCookie }],
    ] as const) {
      const page = await fetch(`${server.url}${path}`, { headers });
      expect({ path, status: page.status }).toEqual({ path, status: 200 });
      const html = await page.text();
      const note = html.indexOf('<aside class="content-note"');
      expect(html.slice(note)).toMatch(
        /^<aside class="content-note"[^]*Some questions describe a child in danger\.[^]*Call the EAP at 555-0199\.[^]*<\/aside>/,
      );
      expect(note).toBeGreaterThan(0);
      expect(note).toBeLessThan(html.indexOf('Question 1.'));
    }
  });

  it('serves images from inside the course folder only', async () => {
    const image = await fetch(`${server.url}/course-files/example/2026-27/images/calm-corner.png`, {
      headers: { cookie: trainerCookie },
    });
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    for (const path of [
      'course.md',
      'images/..%2F..%2F..%2F..%2Fetc%2Fpasswd',
      '..%2F2027-28%2Fcourse.md',
      'images/missing.png',
    ]) {
      const response = await fetch(`${server.url}/course-files/example/2026-27/${path}`, {
        headers: { cookie: trainerCookie },
      });
      expect({ path, status: response.status }).toEqual({ path, status: 404 });
    }
  });

  it('lets trainers and admins see every edition with problems, and reload without a restart', async () => {
    expect((await learner.get('/api/courses/editions')).status).toBe(403);
    expect((await hr.post('/api/courses/reload')).status).toBe(403);
    const before =
      await trainer.get<{ folder: string; ready: boolean; draft: boolean }[]>('/api/courses/editions');
    expect(before.body.map((e) => [e.folder, e.ready, e.draft])).toEqual([
      ['example/2026-27', true, false],
      ['example/2027-28', true, true],
    ]);

    const quiz = join(root, 'example/2027-28/quiz.yaml');
    writeFileSync(quiz, readFileSync(quiz, 'utf8').replace('answer: [a, c]', 'answer: [a, z]'));
    const reload = await trainer.post<{
      editions: number;
      ready: number;
      problems: { file: string; line: number; message: string }[];
    }>('/api/courses/reload');
    expect(reload.status).toBe(200);
    expect(reload.body).toEqual({
      editions: 2,
      ready: 1,
      problems: [
        {
          file: 'example/2027-28/quiz.yaml',
          line: 22,
          message: 'question 2: answer "z" names no option (options: a, b, c)',
        },
      ],
    });
    const page = await fetch(`${server.url}/trainer/courses`, { headers: { cookie: trainerCookie } });
    expect(await page.text()).toContain(
      '<code>example/2027-28/quiz.yaml:22</code> question 2: answer &quot;z&quot; names no option',
    );
    const listing = await (
      await fetch(`${server.url}/trainer/courses`, { headers: { cookie: trainerCookie } })
    ).text();
    expect(listing).toContain(
      '<code>example/2026-27/quiz.yaml:3</code> <strong>Warning:</strong> the right answer is the longest option in 2 of 2',
    );
    // The good edition is still served.
    expect((await learner.get('/api/courses/example/modules/welcome')).status).toBe(200);
  });
});
