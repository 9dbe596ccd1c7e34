import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { modulesFor } from './audience.js';
import type { CourseEdition } from './course.types.js';
import { loadCourses } from './course-loader.js';
import { splitFrontMatter } from './yaml-source.js';

const ROOT = resolve('courses');
const load = loadCourses(ROOT);

describe('the courses Hearth ships', () => {
  it('pass the checker', () => {
    expect(load.problems).toEqual([]);
    expect(load.courses.map((c) => `${c.id}@${c.edition}`).sort()).toEqual(['carma@2026-27', 'healing-centered@2026-27']);
  });

  describe.each(load.courses.map((course) => [course.id, course] as const))('%s', (_id, course) => {
    it('is an annual course for all staff with an 80% pass mark, PD hours and an attestation', () => {
      expect(course).toMatchObject({ audienceRoles: 'all', passingScore: 80, draft: false });
      expect(course.pdHours).toBeGreaterThan(0);
      expect(course.attestation?.length).toBeGreaterThan(50);
    });

    it('has a quiz of at least 10 questions, single and multiple choice, each explained', () => {
      expect(course.quiz.length).toBeGreaterThanOrEqual(10);
      expect(new Set(course.quiz.map((q) => q.type))).toEqual(new Set(['single', 'multiple']));
      expect(course.quiz.every((q) => q.explanation.length > 20)).toBe(true);
    });

    it('has modules of 600 to 1,200 words, each with a scenario and one reflection prompt', () => {
      const dir = join(ROOT, course.id, course.edition, 'modules');
      for (const name of readdirSync(dir)) {
        const { body } = splitFrontMatter(readFileSync(join(dir, name), 'utf8'));
        const words = body.split(/\s+/).filter(Boolean).length;
        expect({ name, words, inRange: words >= 600 && words <= 1200 }).toEqual({ name, words, inRange: true });
        expect({ name, reflections: body.match(/^::: reflection$/gm)?.length }).toEqual({ name, reflections: 1 });
        expect({ name, scenario: /^## Scenario/m.test(body) }).toEqual({ name, scenario: true });
      }
    });
  });

  it('puts a content note on the modules about adversity and trauma', () => {
    const healing = load.courses.find((c) => c.id === 'healing-centered');
    expect(healing?.modules.find((m) => m.id === 'adversity-and-trauma')?.contentNote).toBeTruthy();
    expect(load.courses.find((c) => c.id === 'carma')?.modules).toHaveLength(7);
  });

  it('gives administrators and counselors one module of their own, and everyone else the same six', () => {
    const healing = load.courses.find((c) => c.id === 'healing-centered') as CourseEdition;
    const ids = (role: string) => modulesFor(healing, role).map((m) => m.id);
    const everyone = ids('teacher');
    expect(everyone).toHaveLength(6);
    for (const role of ['paraprofessional', 'support']) expect(ids(role)).toEqual(everyone);
    expect(ids('administrator')).toEqual([...everyone, 'leading-a-restorative-school']);
    expect(ids('counselor')).toEqual([...everyone, 'coordinating-support']);
  });
});
