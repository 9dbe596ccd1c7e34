import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Api } from '../support/api.js';
import { childEnv } from '../support/child-env.js';
import { ADMIN, startServer, type TestServer } from '../support/server.js';
import { built } from '../support/dist.js';

const run = promisify(execFile);

/** "Billion laughs": nine lines of anchors, each aliasing the one before nine times. */
const BOMB = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ...'bcdefghi'
    .split('')
    .map((name, i) => `${name}: &${name} [${`*${'abcdefgh'[i]},`.repeat(8)}*${'abcdefgh'[i]}]`),
  'questions: *i',
].join('\n');

interface Problem {
  file: string;
  line: number;
  message: string;
}

describe('one bad course file costs only its own edition', () => {
  let server: TestServer;
  let admin: Api;
  const root = mkdtempSync(join(tmpdir(), 'hearth-e2e-bad-courses-'));

  beforeAll(async () => {
    // The example course with an alias bomb for a quiz, beside a good course.
    cpSync(resolve('test/fixtures/courses/example'), join(root, 'example'), { recursive: true });
    cpSync(resolve('courses/carma'), join(root, 'carma'), { recursive: true });
    writeFileSync(join(root, 'example/2026-27/quiz.yaml'), `${BOMB}\n`);
    server = await startServer({ COURSES_DIR: root, HEARTH_TODAY: '2026-09-01' });
    admin = await new Api(server.url).login(ADMIN.email, ADMIN.password);
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  const bomb: Problem = {
    file: 'example/2026-27/quiz.yaml',
    line: 2,
    message: 'YAML: aliases here expand to more than 32 copies of their values; write the values out instead',
  };

  it('starts with the other edition served, and lists the bomb with its file and line', async () => {
    const courses = await admin.get<{ id: string; edition: string }[]>('/api/courses');
    expect([courses.status, courses.body.map((c) => `${c.id}@${c.edition}`)]).toEqual([
      200,
      ['carma@2026-27'],
    ]);
    const editions =
      await admin.get<{ folder: string; ready: boolean; problems: Problem[] }[]>('/api/courses/editions');
    expect(editions.body.map((e) => [e.folder, e.ready, e.problems])).toEqual([
      ['carma/2026-27', true, []],
      ['example/2026-27', false, [bomb]],
    ]);
    expect(server.output()).toContain(`example/2026-27/quiz.yaml:2: ${bomb.message}`);
  });

  it('reloads with a folder named like a module: 200, the problem listed, the other edition still served', async () => {
    mkdirSync(join(root, 'example/2026-27/modules/01-one.md'));
    const reload = await admin.post<{ editions: number; ready: number; problems: Problem[] }>(
      '/api/courses/reload',
    );
    expect([reload.status, reload.body]).toEqual([
      200,
      {
        editions: 2,
        ready: 1,
        problems: [
          {
            file: 'example/2026-27/modules/01-one.md',
            line: 0,
            message: 'is a folder where a Markdown file is expected',
          },
          bomb,
        ],
      },
    ]);
    const courses = await admin.get<{ id: string }[]>('/api/courses');
    expect(courses.body.map((c) => c.id)).toEqual(['carma']);
  });

  it('is printed by `courses check` as FILE:LINE: message, exiting 1 rather than crashing', async () => {
    // The folder as the test before left it: the bomb and the folder named like a module.
    const check = await run(process.execPath, [built('src/cli/main.js'), 'courses', 'check', root], {
      env: childEnv({}),
    }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => ({ code: error.code, stderr: problemsOnly(error.stderr) }),
    );
    expect(check).toEqual({
      code: 1,
      stderr: [
        'example/2026-27/modules/01-one.md: is a folder where a Markdown file is expected',
        `example/2026-27/quiz.yaml:2: ${bomb.message}`,
        `2 course editions in ${root}: 1 ready, 2 problems`,
        '',
      ].join('\n'),
    });
  });
});

/** Leaves out answer-cue warnings (about the shipped course copied in, whose quiz is being rewritten). */
function problemsOnly(stderr: string): string {
  return stderr
    .split('\n')
    .filter((line) => !line.includes(': warning: '))
    .join('\n')
    .replace(/, \d+ warnings?$/m, '');
}
