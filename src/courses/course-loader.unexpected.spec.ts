import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it, jest } from '@jest/globals';

// A fault the loader does not foresee (a bug, an odd file): here, reading one edition's quiz throws.
const actual = await import('./yaml-source.js');
jest.unstable_mockModule('./yaml-source.js', () => ({
  ...actual,
  YamlSource: class extends actual.YamlSource {
    constructor(text: string, firstLine?: number) {
      if (text.includes('# explode')) throw new TypeError('something unforeseen');
      super(text, firstLine);
    }
  },
}));
const { loadCourses } = await import('./course-loader.js');

describe('loadCourses when something unforeseen goes wrong in one edition', () => {
  const root = mkdtempSync(join(tmpdir(), 'hearth-courses-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('reports it on that edition, at the file being loaded, and still loads the others', () => {
    cpSync(resolve('test/fixtures/courses/example'), join(root, 'example'), { recursive: true });
    cpSync(resolve('courses/carma'), join(root, 'carma'), { recursive: true });
    appendFileSync(join(root, 'example/2026-27/quiz.yaml'), '# explode\n');
    const result = loadCourses(root);
    expect(result.courses.map((c) => c.id)).toEqual(['carma']);
    expect(result.problems).toEqual([
      { file: 'example/2026-27/quiz.yaml', line: 1, message: 'could not be loaded: something unforeseen' },
    ]);
  });
});
