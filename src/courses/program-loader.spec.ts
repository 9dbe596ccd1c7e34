import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { loadCourses } from './course-loader.js';

const folders: string[] = [];

const PROGRAM = `---
id: coaches
edition: 2026-27
title: Coaching Certificate
summary: The example course, two sessions and a practicum.
courses:
  - course: example
    edition: 2026-27
sessionsRequired: 2
opensOn: 2026-08-01
finishBy: 2027-06-30
audienceRoles: [teacher]
pdHours: 4
practicum: I coached a colleague for a semester.
---
## About

Two sessions and a practicum.
`;

/** The example course beside a program written as `text`. */
function withProgram(text: string): string {
  const root = mkdtempSync(join(tmpdir(), 'hearth-programs-'));
  folders.push(root);
  cpSync(resolve('test/fixtures/courses/example'), join(root, 'example'), { recursive: true });
  mkdirSync(join(root, 'coaches/2026-27'), { recursive: true });
  writeFileSync(join(root, 'coaches/2026-27/program.md'), text);
  return root;
}

const problemsOf = (root: string) => loadCourses(root).problems.map((p) => `${p.file}:${p.line}: ${p.message}`);

afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

describe('loadCourses reads programs beside the courses', () => {
  it('loads a program.md with its parts, apart from the course editions', () => {
    const load = loadCourses(withProgram(PROGRAM));
    expect(load.problems).toEqual([]);
    expect(load.courses.map((c) => c.id)).toEqual(['example']);
    expect(load.programs).toEqual([
      expect.objectContaining({
        id: 'coaches',
        edition: '2026-27',
        courses: [{ courseId: 'example', edition: '2026-27' }],
        sessionsRequired: 2,
        finishBy: '2027-06-30',
        audienceRoles: ['teacher'],
        audienceSites: null,
        pdHours: 4,
        practicum: 'I coached a colleague for a semester.',
      }),
    ]);
    expect(load.programs[0].overviewHtml).toContain('<h2 id="about">About</h2>');
  });

  it('refuses a course that does not exist, at its line in the list', () => {
    const root = withProgram(PROGRAM.replace('course: example', 'course: nope'));
    expect(problemsOf(root)).toEqual(['coaches/2026-27/program.md:7: courses[1]: no course edition nope 2026-27 (or it has problems of its own)']);
    expect(loadCourses(root).programs).toEqual([]);
  });

  it('refuses a period that ends before it starts, a bad entry and an unknown field, each at its line', () => {
    const root = withProgram(
      PROGRAM.replace('finishBy: 2027-06-30', 'finishBy: 2026-07-01')
        .replace('    edition: 2026-27\n', '    edition: 26-27\n')
        .replace('pdHours: 4', 'pdHours: 4\nsessionRequired: 3'),
    );
    expect(problemsOf(root)).toEqual([
      'coaches/2026-27/program.md:8: courses[1]: "edition" must be a school year written like 2026-27 (found "26-27")',
      'coaches/2026-27/program.md:11: "finishBy" 2026-07-01 must be after "opensOn" 2026-08-01',
      'coaches/2026-27/program.md:14: unknown field "sessionRequired"',
    ]);
  });

  it('refuses a program with no part at all', () => {
    const root = withProgram(
      PROGRAM.replace(/courses:\n( {2}.*\n)+/, '').replace('sessionsRequired: 2', 'sessionsRequired: 0').replace(/practicum: .*\n/, ''),
    );
    expect(problemsOf(root)).toEqual(['coaches/2026-27/program.md:2: a program needs at least one part: a course, a session or a practicum']);
  });
});
