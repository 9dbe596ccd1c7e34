import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { brokenCopy, problemsOf, removeCopies } from '../../test/support/course-copies.js';
import { loadCourses } from './course-loader.js';
import { DEFAULT_SCALE, parseSurvey } from './survey-loader.js';

afterEach(removeCopies);

const items = (count: number, extra = '') =>
  Array.from({ length: count }, (_, i) => `  - id: item-${i + 1}\n    statement: Statement number ${i + 1}.\n${i === 1 ? extra : ''}`).join('');

const GOOD = `intro: A few statements about your work. There are no right answers.
items:
${items(6, '    reverse: true\n')}`;

function parse(text: string) {
  const problems: string[] = [];
  const survey = parseSurvey(text, (line, message) => problems.push(`${line}: ${message}`));
  return { survey, problems };
}

describe('parseSurvey', () => {
  it('reads a good survey with the default scale and reverse-worded items', () => {
    const { survey, problems } = parse(GOOD);
    expect(problems).toEqual([]);
    expect(survey?.intro).toBe('A few statements about your work. There are no right answers.');
    expect(survey?.scale).toEqual(DEFAULT_SCALE);
    expect(survey?.items).toHaveLength(6);
    expect(survey?.items[0]).toEqual({ id: 'item-1', statement: 'Statement number 1.', reverse: false });
    expect(survey?.items[1].reverse).toBe(true);
  });

  it('takes a scale of five labels of its own', () => {
    const { survey, problems } = parse(`${GOOD}scale: [Not at all, A little, Somewhat, Mostly, Completely]\n`);
    expect(problems).toEqual([]);
    expect(survey?.scale).toEqual(['Not at all', 'A little', 'Somewhat', 'Mostly', 'Completely']);
  });

  it('refuses a scale that is not five labels, at its line', () => {
    const { survey, problems } = parse(`${GOOD}scale: [No, Yes]\n`);
    expect(survey).toBeUndefined();
    expect(problems).toEqual(['16: "scale" must be a list of 5 labels of at most 60 characters, from the least to the most agreement']);
  });

  it('names a missing intro and a missing statement with their lines', () => {
    const text = GOOD.replace(/^intro: .*\n/, '').replace('    statement: Statement number 3.\n', '');
    expect(parse(text).problems).toEqual(['1: missing field "intro"', '7: item 3: missing field "statement"']);
  });

  it('refuses too few and too many items', () => {
    expect(parse(`intro: Hi\nitems:\n${items(5)}`).problems).toEqual(['3: "items" must be a list of 6 to 10 statements (found 5)']);
    expect(parse(`intro: Hi\nitems:\n${items(11)}`).problems).toEqual(['3: "items" must be a list of 6 to 10 statements (found 11)']);
    expect(parse('intro: Hi\nitems: many\n').problems).toEqual(['2: "items" must be a list of 6 to 10 statements']);
    expect(parse('intro: Hi\n').problems).toEqual(['1: missing field "items"']);
  });

  it('refuses an id used twice, naming the first item with it', () => {
    const { problems } = parse(GOOD.replace('id: item-4', 'id: item-2'));
    expect(problems).toEqual(['10: item 4: item id "item-2" is also used by item 2']);
  });

  it('refuses a bad id, a non-boolean reverse, an item that is not a map, and unknown fields', () => {
    const text = GOOD.replace('id: item-1', 'id: Item One')
      .replace('reverse: true', 'reverse: yes please')
      .replace('  - id: item-5\n    statement: Statement number 5.\n', '  - just a sentence\n')
      .replace('intro:', 'colour: red\nintro:');
    expect(parse(text).problems).toEqual([
      '1: unknown field "colour"',
      '4: item 1: "id" must be lowercase letters, digits and hyphens (found "Item One")',
      '8: item 2: "reverse" must be true or false',
      '13: item 5: must be a map with an id and a statement',
    ]);
  });

  it('refuses a statement of more than one line or over 300 characters', () => {
    const long = GOOD.replace('Statement number 3.', 'x'.repeat(301));
    expect(parse(long).problems).toEqual(['9: item 3: "statement" must be at most 300 characters']);
    const twoLines = GOOD.replace('statement: Statement number 3.', 'statement: "Two\\nlines"');
    expect(parse(twoLines).problems).toEqual(['9: item 3: "statement" must be one line of text (found "Two\nlines")']);
  });

  it('reports YAML errors and a file that is not a map at their lines', () => {
    expect(parse(`${GOOD}  bad: [\n`).problems[0]).toMatch(/^\d+: YAML: /);
    expect(parse('- one\n- two\n').problems).toEqual(['1: the survey must be a map with intro and items']);
  });
});

describe('an edition’s survey.yaml', () => {
  const withSurvey = (text: string) => {
    const root = brokenCopy('course.md', (t) => t);
    writeFileSync(join(root, 'example/2026-27/survey.yaml'), text);
    return root;
  };

  it('is optional: without it the edition has no survey and keeps its hash', () => {
    const [course] = loadCourses(resolve('test/fixtures/courses')).courses;
    expect(course.survey).toBeNull();
    const [copy] = loadCourses(brokenCopy('course.md', (t) => t)).courses;
    expect(copy.contentHash).toBe(course.contentHash);
  });

  it('is loaded when present and changes the edition’s hash', () => {
    const before = loadCourses(resolve('test/fixtures/courses')).courses[0];
    const [course] = loadCourses(withSurvey(GOOD)).courses;
    expect(course.survey?.items.map((item) => item.id)).toEqual(['item-1', 'item-2', 'item-3', 'item-4', 'item-5', 'item-6']);
    expect(course.contentHash).not.toBe(before.contentHash);
  });

  it('has its problems reported with the file and line, and keeps the edition off line', () => {
    const root = withSurvey(GOOD.replace('id: item-4', 'id: item-2'));
    expect(problemsOf(root)).toEqual(['example/2026-27/survey.yaml:10: item 4: item id "item-2" is also used by item 2']);
    expect(loadCourses(root).courses).toEqual([]);
  });
});
