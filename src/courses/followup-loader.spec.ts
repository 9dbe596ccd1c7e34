import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { brokenCopy, problemsOf, removeCopies } from '../../test/support/course-copies.js';
import { DEFAULT_DISTRICT_SETTINGS } from '../config/district-settings.js';
import { loadCourses } from './course-loader.js';
import { FOLLOW_UP_MAX_WORDS } from './followup-loader.js';

afterEach(removeCopies);

describe('loadCourses reads followups/*.md: prompts that come back days after completion', () => {
  const FILE = 'followups/02-a-month-on.md';
  const AT = 'example/2026-27/followups/02-a-month-on.md';

  it('loads them soonest first, rendered with the callouts and the district’s facts', () => {
    const district = { ...DEFAULT_DISTRICT_SETTINGS, eap: 'the EAP at 555-0199.' };
    const [course] = loadCourses(resolve('test/fixtures/courses'), undefined, district).courses;
    expect(course.followUps.map((f) => [f.id, f.title, f.days])).toEqual([
      ['first-week', 'A Week On', 7],
      ['a-month-on', 'A Month On', 30],
    ]);
    expect(course.followUps[0].html).toContain('<p class="callout-title">Try this</p>');
    expect(course.followUps[0].html).toContain('<p class="callout-title">Reflection</p>');
    expect(course.followUps[1].html).toContain('Then call the EAP at 555-0199.');
  });

  it('orders by days, not by file name', () => {
    const root = brokenCopy(FILE, (t) => t.replace('days: 30', 'days: 3'));
    expect(loadCourses(root).courses[0].followUps.map((f) => f.id)).toEqual(['a-month-on', 'first-week']);
  });

  it('needs no followups folder, and counts them in the edition’s hash', () => {
    const root = brokenCopy('course.md', (t) => t);
    const withFollowUps = loadCourses(root).courses[0];
    rmSync(join(root, 'example/2026-27/followups'), { recursive: true });
    const without = loadCourses(root);
    expect(without.problems).toEqual([]);
    expect(without.courses[0].followUps).toEqual([]);
    expect(without.courses[0].contentHash).not.toBe(withFollowUps.contentHash);
  });

  it('reports days out of range, a missing title and an unknown field at their lines', () => {
    const root = brokenCopy(FILE, (t) => t.replace('days: 30', 'days: 400').replace('title: A Month On\n', 'titel: A Month On\n'));
    expect(problemsOf(root)).toEqual([
      `${AT}:2: missing field "title"`,
      `${AT}:4: "days" must be a whole number from 1 to 365 (found 400)`,
      `${AT}:3: unknown field "titel"`,
    ]);
    expect(loadCourses(root).courses).toEqual([]);
  });

  it('reports days that are not a whole number', () => {
    const root = brokenCopy(FILE, (t) => t.replace('days: 30', 'days: two weeks'));
    expect(problemsOf(root)).toEqual([`${AT}:4: "days" must be a whole number (found "two weeks")`]);
  });

  it('asks for something to try and a reflection', () => {
    const root = brokenCopy(FILE, (t) => t.replace('::: try', '::: note').replace('::: reflection', '::: content-note'));
    expect(problemsOf(root)).toEqual([
      `${AT}:6: the follow-up has no "::: try" callout: give the person one thing to try`,
      `${AT}:6: the follow-up has no "::: reflection" callout: ask one question to reflect on`,
    ]);
  });

  it('refuses a follow-up id used twice, and one too long to keep its reflection under', () => {
    const twice = brokenCopy(FILE, (t) => t.replace('id: a-month-on', 'id: first-week'));
    expect(problemsOf(twice)).toEqual([`${AT}:2: follow-up id "first-week" is also used by 01-first-week.md`]);
    const long = brokenCopy(FILE, (t) => t.replace('id: a-month-on', `id: ${'a'.repeat(49)}`));
    expect(problemsOf(long)).toEqual([`${AT}:2: a follow-up id may be at most 48 characters ("${'a'.repeat(49)}" has 49)`]);
  });

  it('refuses a follow-up longer than a short prompt, at the line where it passes the limit', () => {
    const words = Array.from({ length: FOLLOW_UP_MAX_WORDS }, () => 'word').join(' ');
    const root = brokenCopy(FILE, (t) => t.replace('A month after the course, look back.', `A month on.\n\n${words}`));
    // The district's facts count at their default wording (the EAP's is long).
    expect(problemsOf(root)).toEqual([
      expect.stringMatching(new RegExp(`^${AT}:8: this follow-up has \\d+ words and passes ${FOLLOW_UP_MAX_WORDS} here: keep a follow-up to a short prompt$`)),
    ]);
  });

  it('reports an empty follow-up', () => {
    const root = brokenCopy(FILE, (t) => t.slice(0, t.indexOf('---', 4) + 4));
    expect(problemsOf(root)).toEqual([`${AT}:6: the follow-up has no text after its front matter`]);
  });
});
