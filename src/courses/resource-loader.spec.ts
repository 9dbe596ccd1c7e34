import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { brokenCopy, problemsOf, removeCopies } from '../../test/support/course-copies.js';
import { DEFAULT_DISTRICT_SETTINGS } from '../config/district-settings.js';
import { JOB_AID_MAX_WORDS, loadCourses } from './course-loader.js';

afterEach(removeCopies);

describe('loadCourses reads resources/*.md: a references page and one-page job aids', () => {
  const JOB_AID = 'resources/calm-corner.md';
  /** The line of `file` (in the copy at `root`) that first contains `text`. */
  const lineOf = (root: string, file: string, text: string) =>
    readFileSync(join(root, 'example/2026-27', file), 'utf8').split('\n').findIndex((line) => line.includes(text)) + 1;

  it('loads them in file-name order, rendered and filled, each with its hash', () => {
    const district = { ...DEFAULT_DISTRICT_SETTINGS, eap: 'Call the EAP at 555-0199.' };
    const [course] = loadCourses(resolve('test/fixtures/courses'), undefined, district).courses;
    expect(course.resources.map((r) => [r.id, r.title, r.kind, r.summary])).toEqual([
      ['calm-corner', 'Setting Up a Calm Corner', 'job-aid', 'A one-page checklist for a calm corner in any room.'],
      ['references', 'References', 'references', null],
    ]);
    expect(course.resources[0].html).toContain('<h2 id="three-steps">Three steps</h2>');
    expect(course.resources[0].html).toContain('the counselor. Call the EAP at 555-0199.');
    expect(course.resources.map((r) => r.contentHash)).toEqual([expect.stringMatching(/^[0-9a-f]{64}$/), expect.stringMatching(/^[0-9a-f]{64}$/)]);
  });

  it('needs no resources folder, and counts the resources in the edition’s hash', () => {
    const root = brokenCopy('course.md', (t) => t);
    const withResources = loadCourses(root).courses[0];
    rmSync(join(root, 'example/2026-27/resources'), { recursive: true });
    const without = loadCourses(root);
    expect(without.problems).toEqual([]);
    expect(without.courses[0].resources).toEqual([]);
    expect(without.courses[0].contentHash).not.toBe(withResources.contentHash);
    const edited = loadCourses(brokenCopy(JOB_AID, (t) => t.replace('soft seat', 'soft chair'))).courses[0];
    expect(edited.contentHash).not.toBe(withResources.contentHash);
    expect(edited.resources[1].contentHash).toBe(withResources.resources[1].contentHash);
  });

  it('renders a table with a `Table:` caption', () => {
    const root = brokenCopy(JOB_AID, (t) => `${t}\nTable: Words to swap\n\n| Instead of | Try |\n| --- | --- |\n| "Calm down!" | "I'm here." |\n`);
    const [course] = loadCourses(root).courses;
    expect(course.resources[0].html).toContain('<table>\n<caption>Words to swap</caption>\n<thead>');
    expect(course.resources[0].html).not.toContain('Table:');
  });

  it('reports a kind that is neither references nor job-aid at its line', () => {
    const root = brokenCopy(JOB_AID, (t) => t.replace('kind: job-aid', 'kind: handout'));
    expect(problemsOf(root)).toEqual(['example/2026-27/resources/calm-corner.md:4: "kind" must be references or job-aid (found "handout")']);
    expect(loadCourses(root).courses).toEqual([]);
  });

  it('reports a missing kind, an unknown field and a bad id at their lines', () => {
    const root = brokenCopy(JOB_AID, (t) => t.replace('kind: job-aid\n', 'knd: job-aid\n').replace('id: calm-corner', 'id: Calm Corner'));
    expect(problemsOf(root)).toEqual([
      'example/2026-27/resources/calm-corner.md:2: "id" must be lowercase letters, digits and hyphens (found "Calm Corner")',
      'example/2026-27/resources/calm-corner.md:2: missing field "kind"',
      'example/2026-27/resources/calm-corner.md:4: unknown field "knd"',
    ]);
  });

  it('reports a summary of more than one line at its line', () => {
    const root = brokenCopy(JOB_AID, (t) => t.replace('summary: A one-page checklist for a calm corner in any room.', 'summary: |\n  A one-page checklist.\n  For any room.'));
    expect(problemsOf(root)).toEqual([expect.stringMatching(/^example\/2026-27\/resources\/calm-corner\.md:5: "summary" must be one line of text/)]);
  });

  it('reports an id used by two resources at the second one’s id line', () => {
    const root = brokenCopy('resources/references.md', (t) => t.replace('id: references', 'id: calm-corner'));
    expect(problemsOf(root)).toEqual(['example/2026-27/resources/references.md:2: resource id "calm-corner" is also used by calm-corner.md']);
  });

  it('reports an unknown placeholder at its line', () => {
    const root = brokenCopy(JOB_AID, (t) => `${t}\nOr call {{district.principal}}.\n`);
    const line = lineOf(root, JOB_AID, '{{district.principal}}');
    expect(problemsOf(root)).toEqual([expect.stringMatching(new RegExp(`^example/2026-27/resources/calm-corner\\.md:${line}: unknown placeholder "\\{\\{district\\.principal\\}\\}"`))]);
  });

  it('reports a broken image at its line', () => {
    const root = brokenCopy(JOB_AID, (t) => `${t}\n![A calm corner](../images/nowhere.png)\n`);
    expect(problemsOf(root)).toEqual([`example/2026-27/resources/calm-corner.md:${lineOf(root, JOB_AID, 'nowhere.png')}: image "../images/nowhere.png" does not exist`]);
  });

  it(`reports a job aid over ${JOB_AID_MAX_WORDS} words at the line where it passes the limit`, () => {
    // The fixture's job aid prints 90 words (its {{district.eap}} as the default wording); with forty-word
    // paragraphs, the eighth (Paragraph 7) brings it to 410.
    const paragraph = (i: number) => `Paragraph ${i}: ${'Stay calm and listen to the student. '.repeat(4)}Thank them for telling you, and say what happens next.`;
    expect(paragraph(0).split(/\s+/)).toHaveLength(40);
    const root = brokenCopy(JOB_AID, (t) => `${t}\n${Array.from({ length: 12 }, (_, i) => paragraph(i)).join('\n\n')}\n`);
    expect(problemsOf(root)).toEqual([
      `example/2026-27/resources/calm-corner.md:${lineOf(root, JOB_AID, 'Paragraph 7:')}: this job aid has 570 words and passes 400 here: a job aid must print on one sheet, so shorten it or split it into two job aids`,
    ]);
    expect(loadCourses(root).courses).toEqual([]);
  });

  it('counts a placeholder as its default wording, and lets a references page run longer', () => {
    const paragraph = 'Follow {{district.reporting_procedure}}. '.repeat(30);
    expect(problemsOf(brokenCopy(JOB_AID, (t) => `${t}\n${paragraph}\n`))).toEqual([expect.stringMatching(/^example\/2026-27\/resources\/calm-corner\.md:\d+: this job aid has \d+ words and passes 400 here/)]);
    const long = 'A sentence of eight words for the references page. '.repeat(100);
    expect(problemsOf(brokenCopy('resources/references.md', (t) => `${t}\n${long}\n`))).toEqual([]);
  });
});
