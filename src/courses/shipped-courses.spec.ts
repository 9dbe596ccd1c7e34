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

  describe.each(load.courses.map((course) => [course.id, course] as const))('%s resources', (_id, course) => {
    it('has a references page that cites the MDRC brief, and at least one job aid', () => {
      const references = course.resources.find((r) => r.kind === 'references');
      expect(references?.html.replace(/\s+/g, ' ')).toContain('Grossman, Jean and Ximena Portilla. 2022. New York: MDRC.');
      expect(course.resources.filter((r) => r.kind === 'job-aid').length).toBeGreaterThan(0);
    });
  });

  it('links modules only to resources that exist', () => {
    for (const course of load.courses) {
      const ids = course.resources.map((r) => r.id);
      for (const module of course.modules) {
        const linked = [...module.html.matchAll(/href="\.\.\/resources\/([^"]+)"/g)].map((m) => m[1]);
        expect({ module: module.id, missing: linked.filter((id) => !ids.includes(id)) }).toEqual({ module: module.id, missing: [] });
      }
    }
    expect(load.courses.flatMap((c) => c.modules).filter((m) => m.html.includes('href="../resources/')).length).toBe(4);
  });

  /** A shipped resource's Markdown, placeholders as written. */
  const source = (courseId: string, name: string) => readFileSync(join(ROOT, courseId, '2026-27/resources', name), 'utf8');

  it('says what to do after a disclosure, with the district’s own procedure and contacts', () => {
    const text = source('healing-centered', 'job-aid-after-a-disclosure.md');
    for (const key of ['reporting_procedure', 'state_hotline', 'mckinney_vento_liaison', 'eap']) expect(text).toContain(`{{district.${key}}}`);
    for (const point of ['Do not promise to keep it a secret', 'Do not investigate', 'telling the principal or counselor does not, on its own, meet it', 'Poverty is not neglect', "student's own words"])
      expect({ point, said: text.includes(point) }).toEqual({ point, said: true });
  });

  it('keeps calm rooms unlocked in the co-regulation job aid, as module 4 does', () => {
    expect(source('healing-centered', 'job-aid-co-regulation-steps.md')).toContain('never locked, and it is never a seclusion room');
  });

  it('gives the language swaps as a captioned two-column table of a dozen or more', () => {
    const swaps = load.courses.find((c) => c.id === 'carma')?.resources.find((r) => r.id === 'language-swaps');
    expect(swaps?.html).toContain('<caption>Language swaps: instead of this, try this</caption>');
    expect(swaps?.html.match(/<tr>\n<td>/g)?.length).toBeGreaterThanOrEqual(12);
    expect(swaps?.html).toContain('<td>&quot;What happened?&quot;</td>');
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
